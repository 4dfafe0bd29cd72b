// Original file: proto/shop/inventory/v1/inventory_service.proto


/**
 * ReservationItem is a quantity of one sku.
 */
export interface ReservationItem {
  /**
   * Product.sku.
   */
  'sku'?: (string);
  /**
   * Number of units, at least 1.
   */
  'quantity'?: (number);
}

/**
 * ReservationItem is a quantity of one sku.
 */
export interface ReservationItem__Output {
  /**
   * Product.sku.
   */
  'sku': (string);
  /**
   * Number of units, at least 1.
   */
  'quantity': (number);
}
