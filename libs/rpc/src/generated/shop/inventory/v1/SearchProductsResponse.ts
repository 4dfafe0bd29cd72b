// Original file: proto/shop/inventory/v1/inventory_service.proto

import type { Product as _shop_inventory_v1_Product, Product__Output as _shop_inventory_v1_Product__Output } from '../../../shop/inventory/v1/Product';

export interface SearchProductsResponse {
  /**
   * One page of matching products, most relevant first.
   */
  'products'?: (_shop_inventory_v1_Product)[];
  /**
   * Token for the next page; empty when this is the last page.
   */
  'nextPageToken'?: (string);
}

export interface SearchProductsResponse__Output {
  /**
   * One page of matching products, most relevant first.
   */
  'products': (_shop_inventory_v1_Product__Output)[];
  /**
   * Token for the next page; empty when this is the last page.
   */
  'nextPageToken': (string);
}
