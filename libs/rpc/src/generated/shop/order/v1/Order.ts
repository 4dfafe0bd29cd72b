// Original file: proto/shop/order/v1/order_service.proto

import type { OrderState as _shop_order_v1_OrderState, OrderState__Output as _shop_order_v1_OrderState__Output } from '../../../shop/order/v1/OrderState';
import type { OrderItem as _shop_order_v1_OrderItem, OrderItem__Output as _shop_order_v1_OrderItem__Output } from '../../../shop/order/v1/OrderItem';
import type { Money as _shop_common_v1_Money, Money__Output as _shop_common_v1_Money__Output } from '../../../shop/common/v1/Money';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../google/protobuf/Timestamp';

/**
 * Order is a user's order.
 */
export interface Order {
  /**
   * Opaque identifier (a UUID); also the order_id key of the order's
   * reservation (InventoryService) and payment (PaymentService).
   */
  'id'?: (string);
  /**
   * Owner.
   */
  'userId'?: (string);
  /**
   * Current state.
   */
  'state'?: (_shop_order_v1_OrderState);
  /**
   * Lines, one per sku.
   */
  'items'?: (_shop_order_v1_OrderItem)[];
  /**
   * Sum of the line totals; the amount charged.
   */
  'total'?: (_shop_common_v1_Money | null);
  /**
   * Why the order FAILED, a stable snake_case code, e.g. "out_of_stock",
   * "payment_declined", "insufficient_funds", "reservation_expired";
   * empty unless state is FAILED.
   */
  'failureReason'?: (string);
  /**
   * When the order was placed.
   */
  'createdAt'?: (_google_protobuf_Timestamp | null);
  /**
   * When the state last changed.
   */
  'updatedAt'?: (_google_protobuf_Timestamp | null);
}

/**
 * Order is a user's order.
 */
export interface Order__Output {
  /**
   * Opaque identifier (a UUID); also the order_id key of the order's
   * reservation (InventoryService) and payment (PaymentService).
   */
  'id': (string);
  /**
   * Owner.
   */
  'userId': (string);
  /**
   * Current state.
   */
  'state': (_shop_order_v1_OrderState__Output);
  /**
   * Lines, one per sku.
   */
  'items': (_shop_order_v1_OrderItem__Output)[];
  /**
   * Sum of the line totals; the amount charged.
   */
  'total': (_shop_common_v1_Money__Output | null);
  /**
   * Why the order FAILED, a stable snake_case code, e.g. "out_of_stock",
   * "payment_declined", "insufficient_funds", "reservation_expired";
   * empty unless state is FAILED.
   */
  'failureReason': (string);
  /**
   * When the order was placed.
   */
  'createdAt': (_google_protobuf_Timestamp__Output | null);
  /**
   * When the state last changed.
   */
  'updatedAt': (_google_protobuf_Timestamp__Output | null);
}
