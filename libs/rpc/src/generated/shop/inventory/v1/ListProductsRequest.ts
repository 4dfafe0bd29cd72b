// Original file: proto/shop/inventory/v1/inventory_service.proto


export interface ListProductsRequest {
  /**
   * Maximum number of products to return; 0 means the default (20); values
   * above 100 are treated as 100.
   */
  'pageSize'?: (number);
  /**
   * next_page_token of the previous page; empty for the first page.
   */
  'pageToken'?: (string);
  /**
   * Only products carrying this tag; empty for all products.
   */
  'tag'?: (string);
}

export interface ListProductsRequest__Output {
  /**
   * Maximum number of products to return; 0 means the default (20); values
   * above 100 are treated as 100.
   */
  'pageSize': (number);
  /**
   * next_page_token of the previous page; empty for the first page.
   */
  'pageToken': (string);
  /**
   * Only products carrying this tag; empty for all products.
   */
  'tag': (string);
}
