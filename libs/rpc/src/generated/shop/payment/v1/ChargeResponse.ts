// Original file: proto/shop/payment/v1/payment_service.proto

import type { Payment as _shop_payment_v1_Payment, Payment__Output as _shop_payment_v1_Payment__Output } from '../../../shop/payment/v1/Payment';

export interface ChargeResponse {
  /**
   * The payment, CAPTURED or DECLINED.
   */
  'payment'?: (_shop_payment_v1_Payment | null);
}

export interface ChargeResponse__Output {
  /**
   * The payment, CAPTURED or DECLINED.
   */
  'payment': (_shop_payment_v1_Payment__Output | null);
}
