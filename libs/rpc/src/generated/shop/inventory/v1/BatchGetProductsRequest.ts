// Original file: proto/shop/inventory/v1/inventory_service.proto


export interface BatchGetProductsRequest {
  /**
   * Skus to return, at most 100; duplicates are ignored.
   */
  'skus'?: (string)[];
}

export interface BatchGetProductsRequest__Output {
  /**
   * Skus to return, at most 100; duplicates are ignored.
   */
  'skus': (string)[];
}
