// Original file: proto/shop/inventory/v1/inventory_service.proto

import type { Product as _shop_inventory_v1_Product, Product__Output as _shop_inventory_v1_Product__Output } from '../../../shop/inventory/v1/Product';

export interface BatchGetProductsResponse {
  /**
   * The products found, in the order of their first mention in skus.
   */
  'products'?: (_shop_inventory_v1_Product)[];
  /**
   * Requested skus that do not exist.
   */
  'notFoundSkus'?: (string)[];
}

export interface BatchGetProductsResponse__Output {
  /**
   * The products found, in the order of their first mention in skus.
   */
  'products': (_shop_inventory_v1_Product__Output)[];
  /**
   * Requested skus that do not exist.
   */
  'notFoundSkus': (string)[];
}
