import { withRedisBudget } from '@shop/redis';
import { QuotaExceededError } from '@shop/rpc';
import type Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface LoginLimits {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  windowSeconds: number;
}

export interface LoginAttempt {
  /** The email as matched (lower case): the account whether it exists or not. */
  accountKey: string;
  clientIp: string;
}

/**
 * Limits failed logins per account and per client address, shared by all replicas through Redis.
 *
 * Only a failed password check takes a point. An attempt is refused, before the password is
 * checked, once an account or an address has spent its failures; a correct password is never
 * refused for anything but its own account's or its own address's failures, and concurrent correct
 * logins never take points from each other. The price: a burst of parallel wrong guesses can all
 * pass the check before any of them is counted, so a limit can be overshot by the burst's width
 * once; every guess of it still costs the attacker a scrypt run and is counted.
 *
 * Each Redis limiter has an in-memory insurance limiter: with Redis down, limits are enforced per
 * replica rather than not at all.
 */
export class LoginLimiter {
  private readonly byAccount: RateLimiterAbstract;
  private readonly byAddress: RateLimiterAbstract;

  constructor(
    redis: Redis,
    private readonly limits: LoginLimits,
  ) {
    this.byAccount = insured(redis, 'login-fail:account', limits.maxFailuresPerAccount, limits.windowSeconds);
    this.byAddress = insured(redis, 'login-fail:address', limits.maxFailuresPerAddress, limits.windowSeconds);
  }

  /** Throws QuotaExceededError when the account or the address has spent its failures; counts nothing. */
  async check(attempt: LoginAttempt): Promise<void> {
    const keys = keysOf(attempt);
    const [account, address] = await Promise.all([
      withRedisBudget(() => this.byAccount.get(keys.account)),
      withRedisBudget(() => this.byAddress.get(keys.address)),
    ]);
    const spent = [
      { state: account, limit: this.limits.maxFailuresPerAccount, subject: 'login:account' },
      { state: address, limit: this.limits.maxFailuresPerAddress, subject: 'login:address' },
    ].filter(({ state, limit }) => state !== null && state.consumedPoints >= limit);
    if (spent.length === 0) return;
    const retryAfterMs = Math.max(1000, ...spent.map(({ state }) => state?.msBeforeNext ?? 0));
    throw new QuotaExceededError(
      `too many failed login attempts; retry after ${Math.ceil(retryAfterMs / 1000)} s`,
      spent.map(({ subject }) => subject).join(','),
      retryAfterMs,
    );
  }

  /** A wrong password (or an unknown email): one point off the account and the address. */
  async failed(attempt: LoginAttempt): Promise<void> {
    const keys = keysOf(attempt);
    await Promise.all([
      withRedisBudget(() => this.byAccount.penalty(keys.account, 1)),
      withRedisBudget(() => this.byAddress.penalty(keys.address, 1)),
    ]);
  }

  /** A successful login clears the account's failures (the address keeps its own). */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await withRedisBudget(() => this.byAccount.delete(keysOf(attempt).account));
  }
}

function insured(redis: Redis, keyPrefix: string, points: number, duration: number): RateLimiterAbstract {
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix,
    points,
    duration,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
  });
}

/** Emails are hashed so that Redis (and anyone reading its keys) never holds them in clear. */
function keysOf(attempt: LoginAttempt): { account: string; address: string } {
  return {
    account: createHash('sha256').update(attempt.accountKey).digest('base64url'),
    address: attempt.clientIp,
  };
}
