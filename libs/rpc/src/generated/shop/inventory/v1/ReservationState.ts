// Original file: proto/shop/inventory/v1/inventory_service.proto

/**
 * ReservationState is the lifecycle of a reservation:
 * HELD -> COMMITTED | RELEASED | EXPIRED, and COMMITTED -> RELEASED.
 */
export const ReservationState = {
  /**
   * Never set by the service.
   */
  RESERVATION_STATE_UNSPECIFIED: 'RESERVATION_STATE_UNSPECIFIED',
  /**
   * Stock is held until expires_at.
   */
  RESERVATION_STATE_HELD: 'RESERVATION_STATE_HELD',
  /**
   * Stock is sold.
   */
  RESERVATION_STATE_COMMITTED: 'RESERVATION_STATE_COMMITTED',
  /**
   * Stock was returned by ReleaseReservation.
   */
  RESERVATION_STATE_RELEASED: 'RESERVATION_STATE_RELEASED',
  /**
   * Stock was returned because the hold passed expires_at.
   */
  RESERVATION_STATE_EXPIRED: 'RESERVATION_STATE_EXPIRED',
} as const;

/**
 * ReservationState is the lifecycle of a reservation:
 * HELD -> COMMITTED | RELEASED | EXPIRED, and COMMITTED -> RELEASED.
 */
export type ReservationState =
  /**
   * Never set by the service.
   */
  | 'RESERVATION_STATE_UNSPECIFIED'
  | 0
  /**
   * Stock is held until expires_at.
   */
  | 'RESERVATION_STATE_HELD'
  | 1
  /**
   * Stock is sold.
   */
  | 'RESERVATION_STATE_COMMITTED'
  | 2
  /**
   * Stock was returned by ReleaseReservation.
   */
  | 'RESERVATION_STATE_RELEASED'
  | 3
  /**
   * Stock was returned because the hold passed expires_at.
   */
  | 'RESERVATION_STATE_EXPIRED'
  | 4

/**
 * ReservationState is the lifecycle of a reservation:
 * HELD -> COMMITTED | RELEASED | EXPIRED, and COMMITTED -> RELEASED.
 */
export type ReservationState__Output = typeof ReservationState[keyof typeof ReservationState]
