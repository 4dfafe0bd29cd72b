// Original file: proto/shop/payment/v1/payment_service.proto


export interface GetPaymentRequest {
  /**
   * The order whose payment to return.
   */
  'orderId'?: (string);
}

export interface GetPaymentRequest__Output {
  /**
   * The order whose payment to return.
   */
  'orderId': (string);
}
