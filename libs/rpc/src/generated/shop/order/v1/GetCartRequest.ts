// Original file: proto/shop/order/v1/cart_service.proto


export interface GetCartRequest {
  /**
   * The owner.
   */
  'userId'?: (string);
}

export interface GetCartRequest__Output {
  /**
   * The owner.
   */
  'userId': (string);
}
