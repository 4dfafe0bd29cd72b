// Original file: proto/shop/order/v1/cart_service.proto


export interface SetItemQuantityRequest {
  /**
   * The owner; with sku, the natural idempotency key of this call.
   */
  'userId'?: (string);
  /**
   * Product.sku to set.
   */
  'sku'?: (string);
  /**
   * New quantity; 0 removes the line.
   */
  'quantity'?: (number);
}

export interface SetItemQuantityRequest__Output {
  /**
   * The owner; with sku, the natural idempotency key of this call.
   */
  'userId': (string);
  /**
   * Product.sku to set.
   */
  'sku': (string);
  /**
   * New quantity; 0 removes the line.
   */
  'quantity': (number);
}
