// Original file: proto/shop/inventory/v1/inventory_service.proto

import type { Reservation as _shop_inventory_v1_Reservation, Reservation__Output as _shop_inventory_v1_Reservation__Output } from '../../../shop/inventory/v1/Reservation';

export interface ReserveStockResponse {
  /**
   * The reservation, HELD (or COMMITTED when a repeat finds it so).
   */
  'reservation'?: (_shop_inventory_v1_Reservation | null);
}

export interface ReserveStockResponse__Output {
  /**
   * The reservation, HELD (or COMMITTED when a repeat finds it so).
   */
  'reservation': (_shop_inventory_v1_Reservation__Output | null);
}
