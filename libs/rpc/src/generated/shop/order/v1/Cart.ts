// Original file: proto/shop/order/v1/cart_service.proto

import type { CartItem as _shop_order_v1_CartItem, CartItem__Output as _shop_order_v1_CartItem__Output } from '../../../shop/order/v1/CartItem';
import type { Money as _shop_common_v1_Money, Money__Output as _shop_common_v1_Money__Output } from '../../../shop/common/v1/Money';

/**
 * Cart is a user's shopping cart.
 */
export interface Cart {
  /**
   * Owner.
   */
  'userId'?: (string);
  /**
   * Lines, one per sku, in the order they were first added.
   */
  'items'?: (_shop_order_v1_CartItem)[];
  /**
   * Sum of the line totals of the items that are still sold; zero (in the
   * catalog currency) for an empty cart.
   */
  'total'?: (_shop_common_v1_Money | null);
}

/**
 * Cart is a user's shopping cart.
 */
export interface Cart__Output {
  /**
   * Owner.
   */
  'userId': (string);
  /**
   * Lines, one per sku, in the order they were first added.
   */
  'items': (_shop_order_v1_CartItem__Output)[];
  /**
   * Sum of the line totals of the items that are still sold; zero (in the
   * catalog currency) for an empty cart.
   */
  'total': (_shop_common_v1_Money__Output | null);
}
