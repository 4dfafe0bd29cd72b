import { startTestSystem, type TestSystem } from '@shop/testing';

/**
 * The whole shop for the load generator to drive, with inventory's demo catalog and the
 * per-address limits lifted: one client address drives everything here, where a real crowd
 * spreads over many.
 */
export function startShop(): Promise<TestSystem> {
  const quiet = { LOG_LEVEL: 'warn' };
  return startTestSystem({
    mode: 'source',
    seed: true,
    env: {
      user: quiet,
      inventory: quiet,
      payment: quiet,
      order: quiet,
      gateway: {
        ...quiet,
        RATE_LIMIT_PER_ADDRESS: '1000000',
        RATE_LIMIT_PER_USER: '1000000',
        RATE_LIMIT_AUTH_PER_ADDRESS: '1000000',
      },
    },
  });
}
