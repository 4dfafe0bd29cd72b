// Original file: proto/shop/order/v1/order_service.proto


export interface ListOrdersRequest {
  /**
   * The owner.
   */
  'userId'?: (string);
  /**
   * Maximum number of orders to return; 0 means the default (20); values
   * above 100 are treated as 100.
   */
  'pageSize'?: (number);
  /**
   * next_page_token of the previous page; empty for the first page.
   */
  'pageToken'?: (string);
}

export interface ListOrdersRequest__Output {
  /**
   * The owner.
   */
  'userId': (string);
  /**
   * Maximum number of orders to return; 0 means the default (20); values
   * above 100 are treated as 100.
   */
  'pageSize': (number);
  /**
   * next_page_token of the previous page; empty for the first page.
   */
  'pageToken': (string);
}
