// Original file: proto/shop/payment/v1/payment_service.proto

import type { Money as _shop_common_v1_Money, Money__Output as _shop_common_v1_Money__Output } from '../../../shop/common/v1/Money';
import type { PaymentState as _shop_payment_v1_PaymentState, PaymentState__Output as _shop_payment_v1_PaymentState__Output } from '../../../shop/payment/v1/PaymentState';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../google/protobuf/Timestamp';

/**
 * Payment is the single payment of one order.
 */
export interface Payment {
  /**
   * The order paid for; the payment's key.
   */
  'orderId'?: (string);
  /**
   * Amount charged (or attempted); unset for a VOIDED payment.
   */
  'amount'?: (_shop_common_v1_Money | null);
  /**
   * Current state.
   */
  'state'?: (_shop_payment_v1_PaymentState);
  /**
   * Card brand, e.g. "visa", "mastercard", "amex"; empty for VOIDED.
   */
  'cardBrand'?: (string);
  /**
   * Last four digits of the card number; empty for VOIDED.
   */
  'cardLast4'?: (string);
  /**
   * Why the processor declined, set only when DECLINED: "card_declined" or
   * "insufficient_funds".
   */
  'declineReason'?: (string);
  /**
   * When the payment was first recorded.
   */
  'createdAt'?: (_google_protobuf_Timestamp | null);
  /**
   * When the state last changed.
   */
  'updatedAt'?: (_google_protobuf_Timestamp | null);
}

/**
 * Payment is the single payment of one order.
 */
export interface Payment__Output {
  /**
   * The order paid for; the payment's key.
   */
  'orderId': (string);
  /**
   * Amount charged (or attempted); unset for a VOIDED payment.
   */
  'amount': (_shop_common_v1_Money__Output | null);
  /**
   * Current state.
   */
  'state': (_shop_payment_v1_PaymentState__Output);
  /**
   * Card brand, e.g. "visa", "mastercard", "amex"; empty for VOIDED.
   */
  'cardBrand': (string);
  /**
   * Last four digits of the card number; empty for VOIDED.
   */
  'cardLast4': (string);
  /**
   * Why the processor declined, set only when DECLINED: "card_declined" or
   * "insufficient_funds".
   */
  'declineReason': (string);
  /**
   * When the payment was first recorded.
   */
  'createdAt': (_google_protobuf_Timestamp__Output | null);
  /**
   * When the state last changed.
   */
  'updatedAt': (_google_protobuf_Timestamp__Output | null);
}
