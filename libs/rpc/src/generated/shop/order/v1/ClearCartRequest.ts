// Original file: proto/shop/order/v1/cart_service.proto


export interface ClearCartRequest {
  /**
   * The owner; the natural idempotency key of this call.
   */
  'userId'?: (string);
}

export interface ClearCartRequest__Output {
  /**
   * The owner; the natural idempotency key of this call.
   */
  'userId': (string);
}
