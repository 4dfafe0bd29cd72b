// Original file: proto/shop/inventory/v1/inventory_service.proto


export interface ReleaseReservationRequest {
  /**
   * The order whose reservation to release; the idempotency key of this call.
   */
  'orderId'?: (string);
}

export interface ReleaseReservationRequest__Output {
  /**
   * The order whose reservation to release; the idempotency key of this call.
   */
  'orderId': (string);
}
