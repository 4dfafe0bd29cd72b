// Original file: proto/shop/payment/v1/payment_service.proto


export interface RefundRequest {
  /**
   * The order to refund; the idempotency key of this call.
   */
  'orderId'?: (string);
}

export interface RefundRequest__Output {
  /**
   * The order to refund; the idempotency key of this call.
   */
  'orderId': (string);
}
