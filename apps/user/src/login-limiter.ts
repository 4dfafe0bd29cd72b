import { withRedisBudget } from '@shop/redis';
import { ResourceExhaustedError } from '@shop/rpc';
import type Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

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
 * Each attempt takes a point from both counters *before* the password is checked and a success
 * gives them back. Checking first and counting only after a failure would let a burst of parallel
 * guesses all pass the check; taking the point up front makes the limit hold under concurrency.
 *
 * Each Redis limiter has an in-memory insurance limiter: with Redis down, limits are enforced per
 * replica rather than not at all.
 */
export class LoginLimiter {
  private readonly byAccount: RateLimiterAbstract;
  private readonly byAddress: RateLimiterAbstract;

  constructor(redis: Redis, limits: LoginLimits) {
    this.byAccount = insured(redis, 'login-fail:account', limits.maxFailuresPerAccount, limits.windowSeconds);
    this.byAddress = insured(redis, 'login-fail:address', limits.maxFailuresPerAddress, limits.windowSeconds);
  }

  /** Counts an attempt; throws ResourceExhaustedError (and counts nothing) when either limit is spent. */
  async begin(attempt: LoginAttempt): Promise<void> {
    const keys = keysOf(attempt);
    const [account, address] = await Promise.allSettled([
      withRedisBudget(() => this.byAccount.consume(keys.account)),
      withRedisBudget(() => this.byAddress.consume(keys.address)),
    ]);
    if (account.status === 'fulfilled' && address.status === 'fulfilled') return;

    // A refused attempt does not count against the other limit: a user behind a throttled
    // address must not also lose attempts on their own account.
    if (account.status === 'fulfilled') await this.giveBack(this.byAccount, keys.account);
    if (address.status === 'fulfilled') await this.giveBack(this.byAddress, keys.address);
    const refusals = [account, address].filter((result) => result.status === 'rejected').map((r) => r.reason);
    const limited = refusals.filter((reason): reason is RateLimiterRes => reason instanceof RateLimiterRes);
    if (limited.length === 0) throw refusals[0]; // neither Redis nor the insurance could answer
    const retryAfterSeconds = Math.max(1, Math.ceil(Math.max(...limited.map((r) => r.msBeforeNext)) / 1000));
    throw new ResourceExhaustedError(`too many failed login attempts; retry after ${retryAfterSeconds} s`);
  }

  /** A successful login clears the account's failures and returns the address's point. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    const keys = keysOf(attempt);
    await Promise.all([
      withRedisBudget(() => this.byAccount.delete(keys.account)),
      this.giveBack(this.byAddress, keys.address),
    ]);
  }

  private async giveBack(limiter: RateLimiterAbstract, key: string): Promise<void> {
    await withRedisBudget(() => limiter.reward(key, 1));
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
