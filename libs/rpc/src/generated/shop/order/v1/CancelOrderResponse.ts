// Original file: proto/shop/order/v1/order_service.proto

import type { Order as _shop_order_v1_Order, Order__Output as _shop_order_v1_Order__Output } from '../../../shop/order/v1/Order';

export interface CancelOrderResponse {
  /**
   * The order, CANCELLED.
   */
  'order'?: (_shop_order_v1_Order | null);
}

export interface CancelOrderResponse__Output {
  /**
   * The order, CANCELLED.
   */
  'order': (_shop_order_v1_Order__Output | null);
}
