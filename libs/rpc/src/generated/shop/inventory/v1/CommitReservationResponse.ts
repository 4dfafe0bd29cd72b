// Original file: proto/shop/inventory/v1/inventory_service.proto

import type { Reservation as _shop_inventory_v1_Reservation, Reservation__Output as _shop_inventory_v1_Reservation__Output } from '../../../shop/inventory/v1/Reservation';

export interface CommitReservationResponse {
  /**
   * The reservation, COMMITTED.
   */
  'reservation'?: (_shop_inventory_v1_Reservation | null);
}

export interface CommitReservationResponse__Output {
  /**
   * The reservation, COMMITTED.
   */
  'reservation': (_shop_inventory_v1_Reservation__Output | null);
}
