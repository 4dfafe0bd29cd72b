import { singleClientEnv } from '@shop/local-system';
import { startTestSystem, type TestSystem } from '@shop/testing';

/**
 * The whole shop for the load generator to drive, with inventory's demo catalog and the
 * per-address limits lifted: one client address drives everything here, where a real crowd
 * spreads over many.
 */
export function startShop(): Promise<TestSystem> {
  return startTestSystem({ mode: 'source', seed: true, env: singleClientEnv() });
}
