// Original file: proto/shop/inventory/v1/inventory_service.proto

import type { ReservationItem as _shop_inventory_v1_ReservationItem, ReservationItem__Output as _shop_inventory_v1_ReservationItem__Output } from '../../../shop/inventory/v1/ReservationItem';

export interface ReserveStockRequest {
  /**
   * The order the stock is for; the idempotency key of this call.
   */
  'orderId'?: (string);
  /**
   * What to reserve, one entry per sku.
   */
  'items'?: (_shop_inventory_v1_ReservationItem)[];
}

export interface ReserveStockRequest__Output {
  /**
   * The order the stock is for; the idempotency key of this call.
   */
  'orderId': (string);
  /**
   * What to reserve, one entry per sku.
   */
  'items': (_shop_inventory_v1_ReservationItem__Output)[];
}
