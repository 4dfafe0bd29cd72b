// Original file: proto/shop/order/v1/order_service.proto

/**
 * OrderState is the lifecycle of an order:
 * PENDING -> CONFIRMED | FAILED, and CONFIRMED -> CANCELLED.
 */
export const OrderState = {
  /**
   * Never set by the service.
   */
  ORDER_STATE_UNSPECIFIED: 'ORDER_STATE_UNSPECIFIED',
  /**
   * Checkout saga running (or being recovered).
   */
  ORDER_STATE_PENDING: 'ORDER_STATE_PENDING',
  /**
   * Payment captured and stock committed.
   */
  ORDER_STATE_CONFIRMED: 'ORDER_STATE_CONFIRMED',
  /**
   * Checkout failed; see failure_reason. No money is kept and no stock held.
   */
  ORDER_STATE_FAILED: 'ORDER_STATE_FAILED',
  /**
   * Cancelled after confirmation; payment refunded and stock returned.
   */
  ORDER_STATE_CANCELLED: 'ORDER_STATE_CANCELLED',
} as const;

/**
 * OrderState is the lifecycle of an order:
 * PENDING -> CONFIRMED | FAILED, and CONFIRMED -> CANCELLED.
 */
export type OrderState =
  /**
   * Never set by the service.
   */
  | 'ORDER_STATE_UNSPECIFIED'
  | 0
  /**
   * Checkout saga running (or being recovered).
   */
  | 'ORDER_STATE_PENDING'
  | 1
  /**
   * Payment captured and stock committed.
   */
  | 'ORDER_STATE_CONFIRMED'
  | 2
  /**
   * Checkout failed; see failure_reason. No money is kept and no stock held.
   */
  | 'ORDER_STATE_FAILED'
  | 3
  /**
   * Cancelled after confirmation; payment refunded and stock returned.
   */
  | 'ORDER_STATE_CANCELLED'
  | 4

/**
 * OrderState is the lifecycle of an order:
 * PENDING -> CONFIRMED | FAILED, and CONFIRMED -> CANCELLED.
 */
export type OrderState__Output = typeof OrderState[keyof typeof OrderState]
