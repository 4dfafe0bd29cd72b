// Original file: proto/shop/inventory/v1/inventory_service.proto

import type { ReservationState as _shop_inventory_v1_ReservationState, ReservationState__Output as _shop_inventory_v1_ReservationState__Output } from '../../../shop/inventory/v1/ReservationState';
import type { ReservationItem as _shop_inventory_v1_ReservationItem, ReservationItem__Output as _shop_inventory_v1_ReservationItem__Output } from '../../../shop/inventory/v1/ReservationItem';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../google/protobuf/Timestamp';

/**
 * Reservation is the stock held for one order.
 */
export interface Reservation {
  /**
   * The order the stock is held for; the reservation's key.
   */
  'orderId'?: (string);
  /**
   * Current state.
   */
  'state'?: (_shop_inventory_v1_ReservationState);
  /**
   * What is held, one entry per sku.
   */
  'items'?: (_shop_inventory_v1_ReservationItem)[];
  /**
   * When a HELD reservation expires; unset once COMMITTED.
   */
  'expiresAt'?: (_google_protobuf_Timestamp | null);
  /**
   * When the reservation was created.
   */
  'createdAt'?: (_google_protobuf_Timestamp | null);
  /**
   * When the state last changed.
   */
  'updatedAt'?: (_google_protobuf_Timestamp | null);
}

/**
 * Reservation is the stock held for one order.
 */
export interface Reservation__Output {
  /**
   * The order the stock is held for; the reservation's key.
   */
  'orderId': (string);
  /**
   * Current state.
   */
  'state': (_shop_inventory_v1_ReservationState__Output);
  /**
   * What is held, one entry per sku.
   */
  'items': (_shop_inventory_v1_ReservationItem__Output)[];
  /**
   * When a HELD reservation expires; unset once COMMITTED.
   */
  'expiresAt': (_google_protobuf_Timestamp__Output | null);
  /**
   * When the reservation was created.
   */
  'createdAt': (_google_protobuf_Timestamp__Output | null);
  /**
   * When the state last changed.
   */
  'updatedAt': (_google_protobuf_Timestamp__Output | null);
}
