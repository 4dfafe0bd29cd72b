// Original file: proto/shop/inventory/v1/inventory_service.proto


export interface GetReservationRequest {
  /**
   * The order whose reservation to return.
   */
  'orderId'?: (string);
}

export interface GetReservationRequest__Output {
  /**
   * The order whose reservation to return.
   */
  'orderId': (string);
}
