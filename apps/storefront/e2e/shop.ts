/**
 * The whole shop for the browser tests and the Lighthouse run: its own embedded Postgres and
 * redis-server, and the five apps from their production bundles (dist/apps) on free loopback ports,
 * the gateway serving the built storefront. Nothing here imports Playwright.
 */
import {
  startEmbeddedPostgres,
  startRedisServer,
  startSystem,
  SYSTEM_APPS,
  systemDatabases,
  type LocalServer,
  type RunningSystem,
} from '@shop/local-system';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  const started: LocalServer[] = [];
  const keyDir = mkdtempSync(join(tmpdir(), 'shop-storefront-keys-'));
  const stop = async () => {
    await system?.stop();
    for (const server of started.reverse()) await server.stop().catch(() => undefined);
    rmSync(keyDir, { recursive: true, force: true });
  };
  let system: RunningSystem | undefined;
  try {
    const [postgres, redis] = await Promise.all([startEmbeddedPostgres(), startRedisServer()]);
    started.push(postgres, redis);
    const quiet = { LOG_LEVEL: 'warn' };
    system = await startSystem({
      databases: systemDatabases(postgres.url),
      redisUrl: redis.url,
      mode: 'built',
      seed: true,
      ports: 'free',
      jwtKeyDir: keyDir,
      env: {
        // Cheap password hashing, as in the other system tests: the KDF's cost is not under test here.
        user: { ...quiet, SCRYPT_LOG2_N: '10' },
        inventory: quiet,
        payment: quiet,
        order: quiet,
        // Every shopper of the tests comes from 127.0.0.1: lift the limits a real crowd spreads over.
        gateway: { ...quiet, RATE_LIMIT_PER_ADDRESS: '100000', RATE_LIMIT_PER_USER: '100000', RATE_LIMIT_AUTH_PER_ADDRESS: '100000' },
      },
      onLine: options.onLine,
    });
    return { url: system.gatewayUrl, keyDir, system, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
