import { describe, expect, it } from 'vitest';
import { CheckoutAttempts, checkoutIntent } from './attempts';

const card = { number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123', holderName: 'Ada' };
const cart = [{ sku: 'COF-001', quantity: 2 }];

describe('CheckoutAttempts: one Idempotency-Key per checkout attempt', () => {
  const keys = () => {
    let n = 0;
    return new CheckoutAttempts(() => `key-${++n}`);
  };

  it('sends the same key again for the same intent until an answer settles it', () => {
    const attempts = keys();
    expect(attempts.keyFor('intent-a')).toBe('key-1');
    // A double click, or a retry after a network error, a 503 or a 504.
    expect(attempts.keyFor('intent-a')).toBe('key-1');
    attempts.settle();
    // The order exists (confirmed, failed or pending): placing again is a new attempt.
    expect(attempts.keyFor('intent-a')).toBe('key-2');
  });

  it('starts a new attempt when the cart or the card changes', () => {
    const attempts = keys();
    expect(attempts.keyFor('intent-a')).toBe('key-1');
    expect(attempts.keyFor('intent-b')).toBe('key-2');
    expect(attempts.keyFor('intent-b')).toBe('key-2');
  });

  it('makes UUIDs by default', () => {
    expect(new CheckoutAttempts().keyFor('x')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('checkoutIntent', () => {
  it('is a digest that changes with the user, the card and the cart, and holds no card number', async () => {
    const intent = await checkoutIntent({ userId: 'u1', card, cart });
    expect(intent).toMatch(/^[0-9a-f]{64}$/);
    expect(intent).not.toContain('4242');
    expect(await checkoutIntent({ userId: 'u1', card, cart })).toBe(intent);
    expect(await checkoutIntent({ userId: 'u2', card, cart })).not.toBe(intent);
    expect(await checkoutIntent({ userId: 'u1', card: { ...card, number: '4000000000000002' }, cart })).not.toBe(intent);
    expect(await checkoutIntent({ userId: 'u1', card, cart: [{ sku: 'COF-001', quantity: 3 }] })).not.toBe(intent);
  });
});
