// Original file: proto/shop/inventory/v1/inventory_service.proto

import type { Reservation as _shop_inventory_v1_Reservation, Reservation__Output as _shop_inventory_v1_Reservation__Output } from '../../../shop/inventory/v1/Reservation';

export interface ReleaseReservationResponse {
  /**
   * The reservation, RELEASED or EXPIRED.
   */
  'reservation'?: (_shop_inventory_v1_Reservation | null);
}

export interface ReleaseReservationResponse__Output {
  /**
   * The reservation, RELEASED or EXPIRED.
   */
  'reservation': (_shop_inventory_v1_Reservation__Output | null);
}
