import type { Money } from './api/types';

/**
 * An amount in minor units as the shopper's locale writes it: "€14.50", "14,50 €", "¥1,450".
 * The minor-unit exponent comes from Intl (EUR 2, JPY 0, KWD 3), and the amount is handed to Intl
 * as an exact decimal string, so no float ever touches money.
 */
export function formatMoney(money: Money, locale?: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: money.currencyCode });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minorToDecimal(money.amountMinor, digits) as unknown as number);
}

/** 1450, 2 → "14.50"; -5, 2 → "-0.05"; 1450, 0 → "1450". */
export function minorToDecimal(amountMinor: number, digits: number): string {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`not an amount in minor units: ${amountMinor}`);
  const sign = amountMinor < 0 ? '-' : '';
  const units = String(Math.abs(amountMinor)).padStart(digits + 1, '0');
  if (digits === 0) return sign + units;
  return `${sign}${units.slice(0, -digits)}.${units.slice(-digits)}`;
}
