import type { Logger } from '@shop/logging';
import type { Request, RequestHandler, Response } from 'express';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { HttpProblem } from '../http/problems';

/*
 * Fixed-window limits counted in Redis, so every replica shares one count per key. While Redis is
 * unreachable each replica counts alone in memory (the insurance limiter): the limit then holds per
 * replica, i.e. up to `replicas` times looser, which beats both failing open and failing every request.
 */

export interface RateLimitSettings {
  windowSeconds: number;
  perAddress: number;
  perUser: number;
  authPerAddress: number;
}

export interface RateLimiters {
  address: RateLimiterRedis;
  user: RateLimiterRedis;
  auth: RateLimiterRedis;
}

export function createRateLimiters(redis: Redis, settings: RateLimitSettings): RateLimiters {
  const limiter = (name: string, points: number) => {
    const options = { keyPrefix: `rl:${name}`, points, duration: settings.windowSeconds };
    return new RateLimiterRedis({
      ...options,
      storeClient: redis,
      // Once Redis answers that a key has spent its window, this replica refuses the key's later
      // requests from memory until the window ends, without a command each: a flood from one
      // address costs Redis nothing. Only Redis's shared count ever sets such a block.
      inMemoryBlockOnConsumed: points,
      // Straight to the insurance limiter while disconnected, rather than waiting for a timeout.
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(options),
    });
  };
  return {
    address: limiter('address', settings.perAddress),
    user: limiter('user', settings.perUser),
    auth: limiter('auth', settings.authPerAddress),
  };
}

/** Counts one request under `keyOf(req, res)`; 429 with Retry-After once the window's points are spent. */
export function rateLimit(limiter: RateLimiterRedis, keyOf: (req: Request, res: Response) => string, logger: Logger): RequestHandler {
  return async (req, res, next) => {
    let outcome: RateLimiterRes;
    let allowed: boolean;
    try {
      outcome = await limiter.consume(keyOf(req, res));
      allowed = true;
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) {
        // Only if the in-memory insurance failed too: let the request through rather than fail it.
        logger.error({ err: error }, 'rate limiter failed');
        return next();
      }
      outcome = error;
      allowed = false;
    }
    const resetSeconds = Math.max(1, Math.ceil(outcome.msBeforeNext / 1000));
    writeHeaders(res, { limit: limiter.points, remaining: outcome.remainingPoints, resetSeconds, windowSeconds: limiter.duration });
    if (!allowed) throw new HttpProblem('rateLimited', { detail: 'slow down and retry later', headers: { 'Retry-After': String(resetSeconds) } });
    next();
  };
}

interface LimitState {
  limit: number;
  remaining: number;
  resetSeconds: number;
  windowSeconds: number;
}

/**
 * RateLimit-Limit / -Remaining / -Reset (draft-ietf-httpapi-ratelimit-headers) and RateLimit-Policy.
 * With several limits on one request (address and user), the headers describe the tightest.
 */
function writeHeaders(res: Response, state: LimitState): void {
  const current = res.locals['rateLimit'] as LimitState | undefined;
  if (current && current.remaining <= state.remaining) return;
  res.locals['rateLimit'] = state;
  res.setHeader('RateLimit-Limit', String(state.limit));
  res.setHeader('RateLimit-Remaining', String(state.remaining));
  res.setHeader('RateLimit-Reset', String(state.resetSeconds));
  res.setHeader('RateLimit-Policy', `${state.limit};w=${state.windowSeconds}`);
}
