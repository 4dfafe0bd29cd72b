import { z } from '@shop/config';
import { defineFlag, RuntimeFlags } from '@shop/flags';
import type { GatewayApp } from '../edge';
import type { RateLimiters } from './rate-limits';

/*
 * The limits an operator tunes during a sale without a restart, as run-time flags (FLAGS_FILE);
 * their defaults are the RATE_LIMIT_* environment. A value that is not a positive integer is
 * refused, and the limit in force stays.
 */
const limit = (key: string, defaultValue: number, description: string) =>
  defineFlag({ key, defaultValue, schema: z.number().int().min(1).max(1_000_000), description });

/** Opens the gateway's flags and keeps the limiters' points on their values. */
export async function applyLimitFlags(app: GatewayApp, limiters: RateLimiters): Promise<RuntimeFlags> {
  const { config } = app;
  const flags = {
    address: limit('gateway-rate-limit-per-address', config.RATE_LIMIT_PER_ADDRESS, 'Requests per client address and window.'),
    user: limit('gateway-rate-limit-per-user', config.RATE_LIMIT_PER_USER, 'Requests per signed-in user and window.'),
    auth: limit('gateway-rate-limit-auth-per-address', config.RATE_LIMIT_AUTH_PER_ADDRESS, 'Login and register requests per address and window.'),
  };
  await app.flags.define(Object.values(flags));
  for (const name of ['address', 'user', 'auth'] as const) app.flags.watch(flags[name], (points) => setPoints(limiters[name], points));
  return app.flags;
}

/**
 * The shared limiter and its per-replica insurance take the same number, and so does the count
 * at which a key is blocked in memory (see rate-limits.ts). A block already set lasts to the end of
 * its window.
 */
function setPoints(limiter: RateLimiters[keyof RateLimiters], points: number): void {
  limiter.points = points;
  // Both are the library's own settings, read on every consume, though its types leave them out.
  const settings = limiter as unknown as { inMemoryBlockOnConsumed: number; insuranceLimiter?: { points: number } };
  settings.inMemoryBlockOnConsumed = points;
  if (settings.insuranceLimiter) settings.insuranceLimiter.points = points;
}
