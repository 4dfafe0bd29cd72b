// Original file: proto/shop/payment/v1/payment_service.proto

import type { Money as _shop_common_v1_Money, Money__Output as _shop_common_v1_Money__Output } from '../../../shop/common/v1/Money';
import type { Card as _shop_payment_v1_Card, Card__Output as _shop_payment_v1_Card__Output } from '../../../shop/payment/v1/Card';

export interface ChargeRequest {
  /**
   * The order to charge for; the idempotency key of this call.
   */
  'orderId'?: (string);
  /**
   * Amount to capture; positive.
   */
  'amount'?: (_shop_common_v1_Money | null);
  /**
   * The card to charge; never stored or logged beyond brand and last4.
   */
  'card'?: (_shop_payment_v1_Card | null);
}

export interface ChargeRequest__Output {
  /**
   * The order to charge for; the idempotency key of this call.
   */
  'orderId': (string);
  /**
   * Amount to capture; positive.
   */
  'amount': (_shop_common_v1_Money__Output | null);
  /**
   * The card to charge; never stored or logged beyond brand and last4.
   */
  'card': (_shop_payment_v1_Card__Output | null);
}
