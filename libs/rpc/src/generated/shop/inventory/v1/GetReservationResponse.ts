// Original file: proto/shop/inventory/v1/inventory_service.proto

import type { Reservation as _shop_inventory_v1_Reservation, Reservation__Output as _shop_inventory_v1_Reservation__Output } from '../../../shop/inventory/v1/Reservation';

export interface GetReservationResponse {
  /**
   * The reservation.
   */
  'reservation'?: (_shop_inventory_v1_Reservation | null);
}

export interface GetReservationResponse__Output {
  /**
   * The reservation.
   */
  'reservation': (_shop_inventory_v1_Reservation__Output | null);
}
