// Original file: proto/shop/inventory/v1/inventory_service.proto

import type { Money as _shop_common_v1_Money, Money__Output as _shop_common_v1_Money__Output } from '../../../shop/common/v1/Money';

/**
 * Product is a catalog entry with its price and current stock.
 */
export interface Product {
  /**
   * Stock keeping unit: the product's stable, unique identifier.
   */
  'sku'?: (string);
  /**
   * Display name.
   */
  'name'?: (string);
  /**
   * Display description (plain text).
   */
  'description'?: (string);
  /**
   * Unit price. All products of a deployment share one currency.
   */
  'price'?: (_shop_common_v1_Money | null);
  /**
   * URL of the product image: absolute, or a path on the shop's own origin
   * (e.g. /images/products/cof-001.svg, served with the storefront); empty
   * if none.
   */
  'imageUrl'?: (string);
  /**
   * Tags for filtering (lower case), e.g. "books".
   */
  'tags'?: (string)[];
  /**
   * Units in stock and not held by a reservation, at the time of the read
   * (may be served from a cache, so slightly stale; reservations are exact).
   */
  'availableStock'?: (number);
}

/**
 * Product is a catalog entry with its price and current stock.
 */
export interface Product__Output {
  /**
   * Stock keeping unit: the product's stable, unique identifier.
   */
  'sku': (string);
  /**
   * Display name.
   */
  'name': (string);
  /**
   * Display description (plain text).
   */
  'description': (string);
  /**
   * Unit price. All products of a deployment share one currency.
   */
  'price': (_shop_common_v1_Money__Output | null);
  /**
   * URL of the product image: absolute, or a path on the shop's own origin
   * (e.g. /images/products/cof-001.svg, served with the storefront); empty
   * if none.
   */
  'imageUrl': (string);
  /**
   * Tags for filtering (lower case), e.g. "books".
   */
  'tags': (string)[];
  /**
   * Units in stock and not held by a reservation, at the time of the read
   * (may be served from a cache, so slightly stale; reservations are exact).
   */
  'availableStock': (number);
}
