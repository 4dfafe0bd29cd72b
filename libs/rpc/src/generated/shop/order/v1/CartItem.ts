// Original file: proto/shop/order/v1/cart_service.proto

import type { Money as _shop_common_v1_Money, Money__Output as _shop_common_v1_Money__Output } from '../../../shop/common/v1/Money';

/**
 * CartItem is one line of a cart, priced from the current catalog.
 */
export interface CartItem {
  /**
   * Product.sku.
   */
  'sku'?: (string);
  /**
   * Number of units, at least 1.
   */
  'quantity'?: (number);
  /**
   * Current product name; empty if the product is no longer sold.
   */
  'name'?: (string);
  /**
   * Current unit price; unset if the product is no longer sold.
   */
  'unitPrice'?: (_shop_common_v1_Money | null);
  /**
   * unit_price * quantity; unset if the product is no longer sold.
   */
  'lineTotal'?: (_shop_common_v1_Money | null);
  /**
   * True if the product is sold and its available stock covers quantity at
   * the time of the read (a hint: nothing is reserved until PlaceOrder).
   */
  'available'?: (boolean);
}

/**
 * CartItem is one line of a cart, priced from the current catalog.
 */
export interface CartItem__Output {
  /**
   * Product.sku.
   */
  'sku': (string);
  /**
   * Number of units, at least 1.
   */
  'quantity': (number);
  /**
   * Current product name; empty if the product is no longer sold.
   */
  'name': (string);
  /**
   * Current unit price; unset if the product is no longer sold.
   */
  'unitPrice': (_shop_common_v1_Money__Output | null);
  /**
   * unit_price * quantity; unset if the product is no longer sold.
   */
  'lineTotal': (_shop_common_v1_Money__Output | null);
  /**
   * True if the product is sold and its available stock covers quantity at
   * the time of the read (a hint: nothing is reserved until PlaceOrder).
   */
  'available': (boolean);
}
