// Original file: proto/shop/order/v1/order_service.proto


export interface GetOrderRequest {
  /**
   * The owner.
   */
  'userId'?: (string);
  /**
   * Order.id.
   */
  'orderId'?: (string);
}

export interface GetOrderRequest__Output {
  /**
   * The owner.
   */
  'userId': (string);
  /**
   * Order.id.
   */
  'orderId': (string);
}
