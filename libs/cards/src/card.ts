/*
 * Card rules that need no processor: the shape of a card number, the Luhn checksum, the brand a
 * number's prefix belongs to, and expiry. Pure functions, so they are tested without a process.
 * Payment is the authority that applies them to a charge; order applies the same rules earlier,
 * so a malformed card is refused before an order exists.
 *
 * Nothing here logs or keeps a card: callers hold the number and CVC only for the length of a call
 * and persist nothing but `summarizeCard(number)`.
 */

/** The card as a Charge carries it; never stored, never logged. */
export interface CardDetails {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'unknown';

/** All that may be persisted or logged about a card. */
export interface CardSummary {
  brand: CardBrand;
  last4: string;
}

/** Digits only (the contract rejects spaces and dashes), as long as ISO/IEC 7812 numbers get. */
export const CARD_NUMBER_PATTERN = /^[0-9]{12,19}$/;
export const CVC_PATTERN = /^[0-9]{3,4}$/;

/** The Luhn (mod 10) checksum every real card number satisfies; expects digits only. */
export function passesLuhn(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = number.charCodeAt(number.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return number.length > 0 && sum % 10 === 0;
}

/** The brand by issuer prefix: Visa 4; Mastercard 51-55 and 2221-2720; Amex 34 and 37. */
export function cardBrand(number: string): CardBrand {
  if (number.startsWith('4')) return 'visa';
  if (number.startsWith('34') || number.startsWith('37')) return 'amex';
  const two = Number(number.slice(0, 2));
  const four = Number(number.slice(0, 4));
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'mastercard';
  return 'unknown';
}

export function summarizeCard(number: string): CardSummary {
  return { brand: cardBrand(number), last4: number.slice(-4) };
}

/** A card is good through the last day of its expiry month (UTC); expired from the month after. */
export function isExpired(expMonth: number, expYear: number, now: Date = new Date()): boolean {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  return expYear < year || (expYear === year && expMonth < month);
}
