import { describe, expect, it } from 'vitest';
import { formatMoney, minorToDecimal } from './money';

describe('formatMoney', () => {
  it('writes minor units in the currency and the locale', () => {
    expect(formatMoney({ amountMinor: 1450, currencyCode: 'EUR' }, 'en-IE')).toBe('€14.50');
    expect(formatMoney({ amountMinor: 1450, currencyCode: 'EUR' }, 'de-DE')).toBe('14,50\u00a0€');
    expect(formatMoney({ amountMinor: 123456789, currencyCode: 'USD' }, 'en-US')).toBe('$1,234,567.89');
    expect(formatMoney({ amountMinor: 5, currencyCode: 'GBP' }, 'en-GB')).toBe('£0.05');
  });

  it('uses each currency’s own minor unit (JPY none, KWD three)', () => {
    expect(formatMoney({ amountMinor: 1450, currencyCode: 'JPY' }, 'ja-JP')).toBe('￥1,450');
    expect(formatMoney({ amountMinor: 1450, currencyCode: 'KWD' }, 'en-US')).toBe('KWD\u00a01.450');
  });

  it('is exact beyond what a float division would keep', () => {
    // 9007199254740991 / 100 as a double prints 90071992547409.91 only by luck; the string path is exact.
    expect(formatMoney({ amountMinor: Number.MAX_SAFE_INTEGER, currencyCode: 'EUR' }, 'en-IE')).toBe('€90,071,992,547,409.91');
    expect(formatMoney({ amountMinor: 29, currencyCode: 'EUR' }, 'en-IE')).toBe('€0.29');
  });
});

describe('minorToDecimal', () => {
  it('places the decimal point by the exponent, keeping the sign', () => {
    expect(minorToDecimal(1450, 2)).toBe('14.50');
    expect(minorToDecimal(7, 2)).toBe('0.07');
    expect(minorToDecimal(-5, 2)).toBe('-0.05');
    expect(minorToDecimal(1450, 0)).toBe('1450');
    expect(minorToDecimal(1, 3)).toBe('0.001');
  });

  it('refuses what is not an integer amount', () => {
    expect(() => minorToDecimal(14.5, 2)).toThrow(RangeError);
    expect(() => minorToDecimal(Number.NaN, 2)).toThrow(RangeError);
  });
});
