// Original file: proto/shop/order/v1/cart_service.proto


export interface AddItemRequest {
  /**
   * The owner.
   */
  'userId'?: (string);
  /**
   * Product.sku to add.
   */
  'sku'?: (string);
  /**
   * Units to add, at least 1.
   */
  'quantity'?: (number);
}

export interface AddItemRequest__Output {
  /**
   * The owner.
   */
  'userId': (string);
  /**
   * Product.sku to add.
   */
  'sku': (string);
  /**
   * Units to add, at least 1.
   */
  'quantity': (number);
}
