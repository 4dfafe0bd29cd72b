import { DATABASE_APPS, startApp, type AppMode, type AppName, type DatabaseApp, type RunningApp } from '@shop/local-system';
import { freshDatabase, type FreshDatabase } from './database';
import { redisUrl } from './provided';
import { uniqueKeyPrefix } from './redis';

const REDIS_APPS: readonly AppName[] = ['user', 'inventory', 'order', 'gateway'];

/**
 * What an app needs in a test besides its database and neighbours: the run's Redis with keys no
 * other test file uses, cheap password hashing, the shop's currency. startTestApp and
 * startTestSystem both start from it.
 */
export function testAppEnv(app: AppName): Record<string, string> {
  const own: Partial<Record<AppName, Record<string, string>>> = {
    // Cheap hashing, and no sign-up ceiling or hashing queue limit: tests make many accounts at once.
    user: { SCRYPT_LOG2_N: '10', SCRYPT_MAX_WAITING: '1000', REGISTRATIONS_PER_MINUTE: '1000000' },
    inventory: { CATALOG_CACHE_NAMESPACE: uniqueKeyPrefix('inv').replace(/:$/, '') },
    order: { CURRENCY_CODE: 'EUR' },
    gateway: { REDIS_KEY_PREFIX: uniqueKeyPrefix('gw') },
  };
  return { ...(REDIS_APPS.includes(app) ? { REDIS_URL: redisUrl() } : {}), ...own[app] };
}

export type TestApp<A extends AppName> = {
  readonly app: RunningApp;
  /** Stops the app (SIGTERM) and drops its database. */
  stop(): Promise<void>;
} & (A extends DatabaseApp ? { readonly database: FreshDatabase } : unknown);

export interface TestAppOptions {
  /** On top of testAppEnv(app) and DATABASE_URL. */
  env?: Record<string, string>;
  mode?: AppMode;
}

/**
 * One app on a fresh database (if it owns one) with its test environment: the setup an app's own
 * tests start from.
 *
 *   let payment: TestApp<'payment'>;
 *   beforeAll(async () => { payment = await startTestApp('payment', { mode: 'source' }); });
 *   afterAll(() => payment?.stop());
 */
export async function startTestApp<A extends AppName>(name: A, options: TestAppOptions = {}): Promise<TestApp<A>> {
  const database = (DATABASE_APPS as readonly AppName[]).includes(name) ? await freshDatabase(name) : undefined;
  let app: RunningApp;
  try {
    app = await startApp(name, {
      mode: options.mode,
      env: { ...testAppEnv(name), ...(database ? { DATABASE_URL: database.url } : {}), ...options.env },
    });
  } catch (error) {
    await database?.drop();
    throw error;
  }
  return {
    app,
    database,
    async stop() {
      await app.stop();
      await database?.drop();
    },
  } as TestApp<A>;
}
