import { describe, expect, it } from 'vitest';
import { REDACT_PATHS, redactSecrets } from './index';
import { compilePaths, redactor } from './redact';

describe('redactSecrets', () => {
  it('returns the very object it is given when it holds no secret (nothing copied)', () => {
    const line = { rpc: '/shop.inventory.v1.InventoryService/GetProduct', code: 'OK', req: { headers: { accept: '*/*' } }, items: [{ sku: 'A' }] };
    expect(redactSecrets(line)).toBe(line);
  });

  it('copies only the objects on the way to a secret', () => {
    const untouched = { sku: 'A' };
    const line = { body: { payment: { password: 'pw' }, items: [untouched] }, other: { a: 1 } };
    const redacted = redactSecrets(line);
    expect(redacted).toEqual({ body: { payment: { password: '[REDACTED]' }, items: [{ sku: 'A' }] }, other: { a: 1 } });
    expect(redacted.other).toBe(line.other);
    expect(redacted.body.items).toBe(line.body.items);
    expect(line.body.payment.password).toBe('pw');
  });

  it('redacts inside arrays and errors, keeping an error an error', () => {
    const error = Object.assign(new TypeError('declined'), { token: 'tok' });
    const redacted = redactSecrets({ attempts: [{ password: 'a' }, { password: 'b' }], error });
    expect(redacted.attempts).toEqual([{ password: '[REDACTED]' }, { password: '[REDACTED]' }]);
    expect(redacted.error).toBeInstanceOf(TypeError);
    expect(redacted.error.message).toBe('declined');
    expect(redacted.error.stack).toBe(error.stack);
    expect(redacted.error.token).toBe('[REDACTED]');
    expect(error.token).toBe('tok');
  });

  it('censors a secret field whatever it holds, and a response header by its bracketed name', () => {
    expect(redactSecrets({ token: { nested: 'x' } })).toEqual({ token: '[REDACTED]' });
    expect(redactSecrets({ headers: { 'set-cookie': ['a=1'], vary: 'accept' } })).toEqual({ headers: { 'set-cookie': '[REDACTED]', vary: 'accept' } });
  });

  it('reaches as deep as the paths say and no deeper', () => {
    const redact = redactor(['*.*.password', 'card.number'], 'X');
    expect(redact({ a: { b: { password: 'p' } }, password: 'top', card: { number: '1', cvc: '2' } })).toEqual({
      a: { b: { password: 'X' } },
      password: 'top',
      card: { number: 'X', cvc: '2' },
    });
    expect(redact({ a: { b: { c: { password: 'p' } } } })).toEqual({ a: { b: { c: { password: 'p' } } } });
  });

  it('compiles every path of the logger', () => {
    const tree = compilePaths(REDACT_PATHS);
    const at = (...keys: string[]) => keys.reduce<typeof tree | undefined>((node, key) => node?.named.get(key) ?? node?.any, tree);
    expect(at('password')?.secret).toBe(true);
    expect(at('req', 'headers', 'authorization')?.secret).toBe(true);
    expect(at('req', 'headers', 'accept')).toBeUndefined();
    // A named field also leads where the wildcard does: card.number and user.card.number alike.
    expect(at('card', 'number')?.secret).toBe(true);
    expect(at('card', 'password')?.secret).toBe(true);
    expect(at('user', 'card', 'number')?.secret).toBe(true);
  });
});
