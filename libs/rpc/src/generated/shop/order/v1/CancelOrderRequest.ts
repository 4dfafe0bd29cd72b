// Original file: proto/shop/order/v1/order_service.proto


export interface CancelOrderRequest {
  /**
   * The owner.
   */
  'userId'?: (string);
  /**
   * Order.id; with user_id, the idempotency key of this call.
   */
  'orderId'?: (string);
}

export interface CancelOrderRequest__Output {
  /**
   * The owner.
   */
  'userId': (string);
  /**
   * Order.id; with user_id, the idempotency key of this call.
   */
  'orderId': (string);
}
