// Original file: proto/shop/inventory/v1/inventory_service.proto


export interface CommitReservationRequest {
  /**
   * The order whose reservation to commit; the idempotency key of this call.
   */
  'orderId'?: (string);
}

export interface CommitReservationRequest__Output {
  /**
   * The order whose reservation to commit; the idempotency key of this call.
   */
  'orderId': (string);
}
