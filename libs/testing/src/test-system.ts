import {
  DATABASE_APPS,
  startSystem,
  type AppMode,
  type AppName,
  type DatabaseApp,
  type RunningApp,
  type RunningSystem,
} from '@shop/local-system';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, type FreshDatabase } from './database';
import { redisUrl } from './provided';
import { testAppEnv } from './test-app';

export interface TestSystemOptions {
  /** Extra environment per app, on top of the test defaults below. */
  env?: Partial<Record<AppName, Record<string, string>>>;
  /** Load inventory's demo catalog first (`inventory seed`). */
  seed?: boolean;
  /** Defaults to startApp's (SHOP_TEST_APP_MODE, else 'source'). */
  mode?: AppMode;
}

export interface TestSystem {
  readonly apps: Record<AppName, RunningApp>;
  readonly gatewayUrl: string;
  /** Each service's fresh database, e.g. to arrange rows or check what a call did. */
  readonly databases: Record<DatabaseApp, FreshDatabase>;
  /** The JWT key directory user and gateway share. */
  readonly keyDir: string;
  /** Kills every app, drops the databases and removes the key directory. */
  stop(): Promise<void>;
}

/**
 * The whole shop for a test file, on the local system runner's startSystem: every service on a
 * fresh database of the test Postgres, testAppEnv's settings (its own Redis keys on the test Redis,
 * cheap password hashing), a temporary JWT key directory.
 *
 *   let shop: TestSystem;
 *   beforeAll(async () => { shop = await startTestSystem(); });
 *   afterAll(() => shop?.stop());
 */
export async function startTestSystem(options: TestSystemOptions = {}): Promise<TestSystem> {
  const databases = Object.fromEntries(
    await Promise.all(DATABASE_APPS.map(async (app) => [app, await freshDatabase(app)] as const)),
  ) as Record<DatabaseApp, FreshDatabase>;
  const keyDir = await mkdtemp(join(tmpdir(), 'shop-test-keys-'));
  const cleanUp = async () => {
    await Promise.all(Object.values(databases).map((db) => db.drop()));
    await rm(keyDir, { recursive: true, force: true });
  };
  let system: RunningSystem;
  try {
    system = await startSystem({
      databases: Object.fromEntries(DATABASE_APPS.map((app) => [app, databases[app].url])) as Record<DatabaseApp, string>,
      redisUrl: redisUrl(),
      jwtKeyDir: keyDir,
      mode: options.mode,
      seed: options.seed,
      env: Object.fromEntries(
        (['user', 'inventory', 'payment', 'order', 'gateway'] as const).map((app) => [
          app,
          { ...testAppEnv(app), ...options.env?.[app] },
        ]),
      ),
    });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  return {
    apps: system.apps,
    gatewayUrl: system.gatewayUrl,
    databases,
    keyDir,
    async stop() {
      await Promise.all(Object.values(system.apps).map((app) => app.process.kill()));
      await cleanUp();
    },
  };
}
