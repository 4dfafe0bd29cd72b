// Original file: proto/shop/payment/v1/payment_service.proto

/**
 * PaymentState is the lifecycle of a payment:
 * CAPTURED -> REFUNDED; DECLINED and VOIDED are terminal.
 */
export const PaymentState = {
  /**
   * Never set by the service.
   */
  PAYMENT_STATE_UNSPECIFIED: 'PAYMENT_STATE_UNSPECIFIED',
  /**
   * Money was taken.
   */
  PAYMENT_STATE_CAPTURED: 'PAYMENT_STATE_CAPTURED',
  /**
   * The processor declined the card; nothing was taken.
   */
  PAYMENT_STATE_DECLINED: 'PAYMENT_STATE_DECLINED',
  /**
   * Money was taken and given back; the order_id is fenced.
   */
  PAYMENT_STATE_REFUNDED: 'PAYMENT_STATE_REFUNDED',
  /**
   * Refund arrived before any charge; nothing was taken and the order_id is
   * fenced.
   */
  PAYMENT_STATE_VOIDED: 'PAYMENT_STATE_VOIDED',
} as const;

/**
 * PaymentState is the lifecycle of a payment:
 * CAPTURED -> REFUNDED; DECLINED and VOIDED are terminal.
 */
export type PaymentState =
  /**
   * Never set by the service.
   */
  | 'PAYMENT_STATE_UNSPECIFIED'
  | 0
  /**
   * Money was taken.
   */
  | 'PAYMENT_STATE_CAPTURED'
  | 1
  /**
   * The processor declined the card; nothing was taken.
   */
  | 'PAYMENT_STATE_DECLINED'
  | 2
  /**
   * Money was taken and given back; the order_id is fenced.
   */
  | 'PAYMENT_STATE_REFUNDED'
  | 3
  /**
   * Refund arrived before any charge; nothing was taken and the order_id is
   * fenced.
   */
  | 'PAYMENT_STATE_VOIDED'
  | 4

/**
 * PaymentState is the lifecycle of a payment:
 * CAPTURED -> REFUNDED; DECLINED and VOIDED are terminal.
 */
export type PaymentState__Output = typeof PaymentState[keyof typeof PaymentState]
