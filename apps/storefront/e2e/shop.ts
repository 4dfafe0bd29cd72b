/**
 * The whole shop for the browser tests and the Lighthouse run (startLocalShop: its own embedded
 * Postgres and redis-server, the five apps from their production bundles on free loopback ports, the
 * gateway serving the built storefront). Nothing here imports Playwright.
 */
import { singleClientEnv, startLocalShop, SYSTEM_APPS, type RunningSystem } from '@shop/local-system';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface RunningShop {
  url: string;
  keyDir: string;
  system: RunningSystem;
  stop(): Promise<void>;
}

export async function startShop(options: { onLine?: (app: string, line: string) => void } = {}): Promise<RunningShop> {
  const buildDir = resolve('dist', 'apps');
  for (const app of [...SYSTEM_APPS, 'storefront']) {
    const entry = join(buildDir, app, app === 'storefront' ? 'index.html' : 'main.cjs');
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npx nx run-many -t build -p ${SYSTEM_APPS.join(',')},storefront\` first`);
  }
  // Every shopper of the tests comes from 127.0.0.1. Cheap password hashing, as in the other system
  // tests: the KDF's cost is not under test here.
  const env = singleClientEnv();
  const shop = await startLocalShop({ env: { ...env, user: { ...env.user, SCRYPT_LOG2_N: '10' } }, onLine: options.onLine });
  return { url: shop.url, keyDir: shop.jwtKeyDir, system: shop.system, stop: shop.stop };
}
