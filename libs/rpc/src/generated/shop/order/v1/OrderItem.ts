// Original file: proto/shop/order/v1/order_service.proto

import type { Money as _shop_common_v1_Money, Money__Output as _shop_common_v1_Money__Output } from '../../../shop/common/v1/Money';

/**
 * OrderItem is one line of an order, priced when the order was placed.
 */
export interface OrderItem {
  /**
   * Product.sku.
   */
  'sku'?: (string);
  /**
   * Product name when the order was placed.
   */
  'name'?: (string);
  /**
   * Number of units, at least 1.
   */
  'quantity'?: (number);
  /**
   * Unit price when the order was placed.
   */
  'unitPrice'?: (_shop_common_v1_Money | null);
  /**
   * unit_price * quantity.
   */
  'lineTotal'?: (_shop_common_v1_Money | null);
}

/**
 * OrderItem is one line of an order, priced when the order was placed.
 */
export interface OrderItem__Output {
  /**
   * Product.sku.
   */
  'sku': (string);
  /**
   * Product name when the order was placed.
   */
  'name': (string);
  /**
   * Number of units, at least 1.
   */
  'quantity': (number);
  /**
   * Unit price when the order was placed.
   */
  'unitPrice': (_shop_common_v1_Money__Output | null);
  /**
   * unit_price * quantity.
   */
  'lineTotal': (_shop_common_v1_Money__Output | null);
}
