import { describe, expect, it } from 'vitest';
import { cardBrand, isExpired, passesLuhn, summarizeCard } from '../src';

describe('card rules', () => {
  it('accepts Luhn-valid numbers and refuses a changed digit', () => {
    for (const number of ['4242424242424242', '5555555555554444', '378282246310005', '4000000000000119']) {
      expect(passesLuhn(number)).toBe(true);
    }
    expect(passesLuhn('4242424242424241')).toBe(false);
    expect(passesLuhn('4242424242424252')).toBe(false);
  });

  it.each([
    ['4242424242424242', 'visa'],
    ['5105105105105100', 'mastercard'],
    ['5555555555554444', 'mastercard'],
    ['2221000000000009', 'mastercard'],
    ['2720990000000007', 'mastercard'],
    ['2220990000000000', 'unknown'],
    ['2721000000000000', 'unknown'],
    ['5605105105105100', 'unknown'],
    ['340000000000009', 'amex'],
    ['378282246310005', 'amex'],
    ['6011111111111117', 'unknown'],
  ])('reads the brand of %s as %s', (number, brand) => {
    expect(cardBrand(number)).toBe(brand);
  });

  it('keeps only brand and last four digits in a summary', () => {
    expect(summarizeCard('378282246310005')).toEqual({ brand: 'amex', last4: '0005' });
  });

  it('treats a card as good through the end of its expiry month (UTC)', () => {
    const lastDay = new Date('2030-06-30T23:59:59Z');
    expect(isExpired(6, 2030, lastDay)).toBe(false);
    expect(isExpired(7, 2030, lastDay)).toBe(false);
    expect(isExpired(1, 2031, lastDay)).toBe(false);
    expect(isExpired(5, 2030, lastDay)).toBe(true);
    expect(isExpired(12, 2029, lastDay)).toBe(true);
    expect(isExpired(6, 2030, new Date('2030-07-01T00:00:00Z'))).toBe(true);
  });
});
