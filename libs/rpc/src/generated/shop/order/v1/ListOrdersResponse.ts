// Original file: proto/shop/order/v1/order_service.proto

import type { Order as _shop_order_v1_Order, Order__Output as _shop_order_v1_Order__Output } from '../../../shop/order/v1/Order';

export interface ListOrdersResponse {
  /**
   * One page of orders, newest first.
   */
  'orders'?: (_shop_order_v1_Order)[];
  /**
   * Token for the next page; empty when this is the last page.
   */
  'nextPageToken'?: (string);
}

export interface ListOrdersResponse__Output {
  /**
   * One page of orders, newest first.
   */
  'orders': (_shop_order_v1_Order__Output)[];
  /**
   * Token for the next page; empty when this is the last page.
   */
  'nextPageToken': (string);
}
