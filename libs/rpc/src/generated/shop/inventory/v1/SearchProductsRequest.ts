// Original file: proto/shop/inventory/v1/inventory_service.proto


export interface SearchProductsRequest {
  /**
   * Free text, at most 200 characters, e.g. "ethiopia filter" or
   * "coffee -decaf". A query with no searchable word matches nothing.
   */
  'query'?: (string);
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

export interface SearchProductsRequest__Output {
  /**
   * Free text, at most 200 characters, e.g. "ethiopia filter" or
   * "coffee -decaf". A query with no searchable word matches nothing.
   */
  'query': (string);
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
