// Original file: proto/shop/inventory/v1/inventory_service.proto

import type { Product as _shop_inventory_v1_Product, Product__Output as _shop_inventory_v1_Product__Output } from '../../../shop/inventory/v1/Product';

export interface GetProductResponse {
  /**
   * The product.
   */
  'product'?: (_shop_inventory_v1_Product | null);
}

export interface GetProductResponse__Output {
  /**
   * The product.
   */
  'product': (_shop_inventory_v1_Product__Output | null);
}
