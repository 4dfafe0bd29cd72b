// Original file: proto/shop/inventory/v1/inventory_service.proto


export interface GetProductRequest {
  /**
   * Product.sku.
   */
  'sku'?: (string);
}

export interface GetProductRequest__Output {
  /**
   * Product.sku.
   */
  'sku': (string);
}
