// Original file: proto/shop/order/v1/cart_service.proto


export interface RemoveItemRequest {
  /**
   * The owner; with sku, the natural idempotency key of this call.
   */
  'userId'?: (string);
  /**
   * Product.sku to remove.
   */
  'sku'?: (string);
}

export interface RemoveItemRequest__Output {
  /**
   * The owner; with sku, the natural idempotency key of this call.
   */
  'userId': (string);
  /**
   * Product.sku to remove.
   */
  'sku': (string);
}
