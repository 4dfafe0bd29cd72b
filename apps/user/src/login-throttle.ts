import { withRedisBudget } from '@shop/redis';
import { QuotaExceededError } from '@shop/rpc';
import type Redis from 'ioredis';
import { createHash } from 'node:crypto';

export interface LoginDelays {
  /** Failures an account may have before its logins are delayed. */
  freeFailuresPerAccount: number;
  /** Failures an address may have (across accounts) before its logins are delayed. */
  freeFailuresPerAddress: number;
  /** The first delay; each further failure doubles it, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Failures are forgotten this long after the last one. */
  windowSeconds: number;
}

export interface LoginAttempt {
  /** The email as matched (lower case): the account whether it exists or not. */
  accountKey: string;
  clientIp: string;
  /** The client showed a device token of this account: it has logged in to it before. */
  knownDevice: boolean;
}

interface Failures {
  count: number;
  lastAtMs: number;
}

/**
 * Slows down password guessing without locking anyone out. Each failed login (wrong password or
 * unknown email) is recorded against the account and the client address; once either has spent
 * its free failures, the next attempt must wait a delay that doubles with each further failure
 * (up to maxDelayMs) after the last one, and an attempt before then is refused, before any password
 * is checked, with the time to wait (RESOURCE_EXHAUSTED as a quota refusal: 429 + Retry-After).
 *
 * The owner is never locked out by someone else: a client that has logged in to the account
 * before (its device token) skips the account's delay, and anyone else waits at most maxDelayMs.
 * Brute force stays slow: one address, or one account from many addresses, gets a guess per
 * maxDelayMs at most. Shared by the replicas through Redis; with Redis down each replica keeps
 * the counts in memory, so limits hold per replica rather than not at all.
 */
export class LoginThrottle {
  private readonly memory = new Map<string, Failures>();

  constructor(
    private readonly redis: Redis,
    private readonly delays: LoginDelays,
  ) {}

  /** Throws QuotaExceededError while the attempt must wait; records nothing. */
  async check(attempt: LoginAttempt, now = Date.now()): Promise<void> {
    const keys = keysOf(attempt);
    const [account, address] = await Promise.all([this.read(keys.account), this.read(keys.address)]);
    const waits = [
      { subject: 'login:address', waitMs: this.waitMs(address, this.delays.freeFailuresPerAddress, now) },
      { subject: 'login:account', waitMs: attempt.knownDevice ? 0 : this.waitMs(account, this.delays.freeFailuresPerAccount, now) },
    ].filter(({ waitMs }) => waitMs > 0);
    if (waits.length === 0) return;
    const retryAfterMs = Math.max(...waits.map(({ waitMs }) => waitMs));
    throw new QuotaExceededError(
      `too many failed login attempts; retry after ${Math.ceil(retryAfterMs / 1000)} s`,
      waits.map(({ subject }) => subject).join(','),
      retryAfterMs,
    );
  }

  /** A wrong password or an unknown email: one more failure for the account and the address. */
  async failed(attempt: LoginAttempt, now = Date.now()): Promise<void> {
    const keys = keysOf(attempt);
    await Promise.all([this.record(keys.account, now), this.record(keys.address, now)]);
  }

  /** A successful login clears the account's failures (the address keeps its own). */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    const key = keysOf(attempt).account;
    this.memory.delete(key);
    await this.quietly(() => this.redis.del(key));
  }

  /** How long from `now` until the next attempt is allowed. */
  private waitMs(failures: Failures | undefined, free: number, now: number): number {
    if (!failures || failures.count <= free) return 0;
    const delay = Math.min(this.delays.baseDelayMs * 2 ** Math.min(failures.count - free - 1, 30), this.delays.maxDelayMs);
    return Math.max(0, failures.lastAtMs + delay - now);
  }

  private async read(key: string): Promise<Failures | undefined> {
    const stored = await this.quietly(() => this.redis.hmget(key, 'count', 'lastAtMs'));
    if (stored === undefined) return this.memory.get(key);
    const [count, lastAtMs] = stored;
    return count ? { count: Number(count), lastAtMs: Number(lastAtMs) } : undefined;
  }

  private async record(key: string, now: number): Promise<void> {
    const ttl = this.delays.windowSeconds;
    const written = await this.quietly(() =>
      this.redis.multi().hincrby(key, 'count', 1).hset(key, 'lastAtMs', now).expire(key, ttl).exec(),
    );
    if (written !== undefined) return;
    const previous = this.memory.get(key);
    this.memory.delete(key); // re-inserted last: the map's order is oldest first
    this.memory.set(key, { count: (previous?.count ?? 0) + 1, lastAtMs: now });
    if (this.memory.size > MEMORY_KEYS) this.memory.delete(this.memory.keys().next().value as string);
  }

  /** A Redis command, or undefined when Redis cannot answer (the caller falls back to memory). */
  private async quietly<T>(command: () => Promise<T>): Promise<T | undefined> {
    try {
      return await withRedisBudget(command);
    } catch {
      return undefined;
    }
  }
}

/** Bounds the in-memory fallback; the oldest counts go first. */
const MEMORY_KEYS = 100_000;

/** Emails are hashed so that Redis (and anyone reading its keys) never holds them in clear. */
function keysOf(attempt: LoginAttempt): { account: string; address: string } {
  return {
    account: `login-fail:account:${createHash('sha256').update(attempt.accountKey).digest('base64url')}`,
    address: `login-fail:address:${attempt.clientIp}`,
  };
}
