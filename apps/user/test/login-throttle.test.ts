import { QuotaExceededError } from '@shop/rpc';
import { redisUrl, uniqueKeyPrefix } from '@shop/testing';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { LoginThrottle, type LoginAttempt } from '../src/login-throttle';

/* The delay schedule on a real Redis, with the clock given: exact waits, however busy the machine. */

const redis = new Redis(redisUrl(), { keyPrefix: uniqueKeyPrefix('throttle') });
afterAll(() => redis.disconnect());

const delays = { freeFailuresPerAccount: 3, freeFailuresPerAddress: 100, baseDelayMs: 1000, maxDelayMs: 8000, windowSeconds: 3600 };
const throttle = new LoginThrottle(redis, delays);
let accounts = 0;
const attempt = (knownDevice = false): LoginAttempt => ({ accountKey: `someone-${accounts}@example.com`, clientIp: `10.9.0.${accounts}`, knownDevice });

async function waitAt(at: number, knownDevice = false): Promise<number> {
  try {
    await throttle.check(attempt(knownDevice), at);
    return 0;
  } catch (error) {
    if (!(error instanceof QuotaExceededError)) throw error;
    return error.retryAfterMs;
  }
}

describe('the login delay schedule', () => {
  it('costs nothing for the free failures, then doubles with each failure up to the cap', async () => {
    accounts++;
    const t0 = 1_000_000;
    const waits: number[] = [];
    for (let failures = 1; failures <= 8; failures++) {
      await throttle.failed(attempt(), t0);
      waits.push(await waitAt(t0));
    }
    expect(waits).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 8000]);
  });

  it('counts from the last failure, lets a known device past the account delay, and forgets on success', async () => {
    accounts++;
    const t0 = 2_000_000;
    for (let failures = 1; failures <= 5; failures++) await throttle.failed(attempt(), t0);
    expect(await waitAt(t0 + 500)).toBe(1500);
    expect(await waitAt(t0 + 2000)).toBe(0);
    expect(await waitAt(t0, true)).toBe(0);
    await throttle.succeeded(attempt());
    expect(await waitAt(t0)).toBe(0);
  });
});
