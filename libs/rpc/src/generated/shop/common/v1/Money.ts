// Original file: proto/shop/common/v1/money.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Money is an amount of one currency.
 * 
 * The amount is an integer count of the currency's minor units (cents for
 * USD and EUR, yen for JPY: the ISO 4217 exponent of the currency decides),
 * never a float or a decimal string, so that sums and comparisons are exact.
 * Arithmetic on Money is only defined between amounts of the same currency.
 */
export interface Money {
  /**
   * Amount in minor units of currency_code, e.g. 1999 for USD 19.99.
   * Never negative unless the field that holds the Money says otherwise.
   * Loaded with longs=Number: fits a JavaScript number up to 2^53-1.
   */
  'amountMinor'?: (number | string | Long);
  /**
   * ISO 4217 alphabetic currency code, upper case, e.g. "USD", "EUR".
   */
  'currencyCode'?: (string);
}

/**
 * Money is an amount of one currency.
 * 
 * The amount is an integer count of the currency's minor units (cents for
 * USD and EUR, yen for JPY: the ISO 4217 exponent of the currency decides),
 * never a float or a decimal string, so that sums and comparisons are exact.
 * Arithmetic on Money is only defined between amounts of the same currency.
 */
export interface Money__Output {
  /**
   * Amount in minor units of currency_code, e.g. 1999 for USD 19.99.
   * Never negative unless the field that holds the Money says otherwise.
   * Loaded with longs=Number: fits a JavaScript number up to 2^53-1.
   */
  'amountMinor': (number);
  /**
   * ISO 4217 alphabetic currency code, upper case, e.g. "USD", "EUR".
   */
  'currencyCode': (string);
}
