// Original file: proto/shop/order/v1/cart_service.proto

import type { Cart as _shop_order_v1_Cart, Cart__Output as _shop_order_v1_Cart__Output } from '../../../shop/order/v1/Cart';

export interface SetItemQuantityResponse {
  /**
   * The cart after the change.
   */
  'cart'?: (_shop_order_v1_Cart | null);
}

export interface SetItemQuantityResponse__Output {
  /**
   * The cart after the change.
   */
  'cart': (_shop_order_v1_Cart__Output | null);
}
