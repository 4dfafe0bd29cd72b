// Original file: proto/shop/payment/v1/card.proto


/**
 * Card is a payment card as entered by the customer.
 * 
 * It is shop's only sensitive message: number and cvc are never stored and
 * never logged by any service (logging redacts them); only the brand and the
 * last four digits of the number are ever persisted. OrderService takes a
 * Card in PlaceOrder and passes it on to PaymentService.Charge unchanged.
 */
export interface Card {
  /**
   * Primary account number, digits only (spaces and dashes are rejected);
   * must pass the Luhn check.
   */
  'number'?: (string);
  /**
   * Expiry month, 1-12.
   */
  'expMonth'?: (number);
  /**
   * Expiry year, four digits, e.g. 2030.
   */
  'expYear'?: (number);
  /**
   * Card verification code, 3 or 4 digits.
   */
  'cvc'?: (string);
  /**
   * Name of the card holder as printed on the card.
   */
  'holderName'?: (string);
}

/**
 * Card is a payment card as entered by the customer.
 * 
 * It is shop's only sensitive message: number and cvc are never stored and
 * never logged by any service (logging redacts them); only the brand and the
 * last four digits of the number are ever persisted. OrderService takes a
 * Card in PlaceOrder and passes it on to PaymentService.Charge unchanged.
 */
export interface Card__Output {
  /**
   * Primary account number, digits only (spaces and dashes are rejected);
   * must pass the Luhn check.
   */
  'number': (string);
  /**
   * Expiry month, 1-12.
   */
  'expMonth': (number);
  /**
   * Expiry year, four digits, e.g. 2030.
   */
  'expYear': (number);
  /**
   * Card verification code, 3 or 4 digits.
   */
  'cvc': (string);
  /**
   * Name of the card holder as printed on the card.
   */
  'holderName': (string);
}
