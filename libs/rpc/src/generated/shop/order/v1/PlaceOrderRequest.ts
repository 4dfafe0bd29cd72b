// Original file: proto/shop/order/v1/order_service.proto

import type { Card as _shop_payment_v1_Card, Card__Output as _shop_payment_v1_Card__Output } from '../../../shop/payment/v1/Card';

export interface PlaceOrderRequest {
  /**
   * The buyer, whose cart is ordered.
   */
  'userId'?: (string);
  /**
   * Client-chosen key (the HTTP Idempotency-Key header), unique per user;
   * the idempotency key of this call.
   */
  'idempotencyKey'?: (string);
  /**
   * The card to pay with; passed to PaymentService.Charge, never stored.
   */
  'card'?: (_shop_payment_v1_Card | null);
}

export interface PlaceOrderRequest__Output {
  /**
   * The buyer, whose cart is ordered.
   */
  'userId': (string);
  /**
   * Client-chosen key (the HTTP Idempotency-Key header), unique per user;
   * the idempotency key of this call.
   */
  'idempotencyKey': (string);
  /**
   * The card to pay with; passed to PaymentService.Charge, never stored.
   */
  'card': (_shop_payment_v1_Card__Output | null);
}
