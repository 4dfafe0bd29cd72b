import { withRedisBudget } from '@shop/redis';
import { QuotaExceededError } from '@shop/rpc';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * A ceiling on sign-ups per minute across all replicas (shared through Redis; per replica while
 * Redis is down). The gateway limits each address; this bounds what many addresses together can
 * make the service hash and store. A refusal is a quota refusal: 429 with Retry-After at the edge.
 */
export class RegistrationRate {
  private readonly limiter: RateLimiterAbstract;

  constructor(redis: Redis, perMinute: number) {
    const keyPrefix = 'register-rate';
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix,
      points: perMinute,
      duration: 60,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix, points: perMinute, duration: 60 }),
    });
  }

  async take(): Promise<void> {
    try {
      await withRedisBudget(() => this.limiter.consume('all'));
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      throw new QuotaExceededError('too many sign-ups right now; retry shortly', 'register:all', Math.max(1000, error.msBeforeNext));
    }
  }
}
