import {
  freshDatabase,
  inheritedEnv,
  redisUrl,
  repoRoot,
  startApp,
  startProcess,
  uniqueKeyPrefix,
  type FreshDatabase,
  type RunningApp,
} from '@shop/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The whole shop as real processes for the load generator to drive: user, inventory (with the demo
 * catalog from its `seed` command), payment, order and gateway, each app on a fresh database,
 * user and gateway sharing a temporary JWT key directory. (A trimmed twin of the gateway tests'
 * ShopSystem, which lives in that app's tests and cannot be imported from here.)
 */
export class Shop {
  private constructor(
    readonly apps: RunningApp[],
    readonly gatewayUrl: string,
    readonly databases: Record<'user' | 'inventory' | 'payment' | 'order', FreshDatabase>,
    private readonly keyDir: string,
  ) {}

  static async start(): Promise<Shop> {
    const [user, inventory, payment, order] = await Promise.all(['user', 'inventory', 'payment', 'order'].map((name) => freshDatabase(`loadgen_${name}`)));
    const databases = { user: user!, inventory: inventory!, payment: payment!, order: order! };
    const keyDir = await mkdtemp(join(tmpdir(), 'shop-loadgen-keys-'));
    const redis = redisUrl();
    const quiet = { LOG_LEVEL: 'warn' };
    const apps: RunningApp[] = [];
    try {
      await seedCatalog(databases.inventory.url);
      const [userApp, inventoryApp, paymentApp] = await Promise.all([
        startApp('user', { mode: 'source', env: { ...quiet, DATABASE_URL: databases.user.url, REDIS_URL: redis, JWT_KEY_DIR: keyDir, SCRYPT_LOG2_N: '10' } }),
        startApp('inventory', {
          mode: 'source',
          env: { ...quiet, DATABASE_URL: databases.inventory.url, REDIS_URL: redis, CATALOG_CACHE_NAMESPACE: uniqueKeyPrefix('lg-inv').replace(/:$/, '') },
        }),
        startApp('payment', { mode: 'source', env: { ...quiet, DATABASE_URL: databases.payment.url } }),
      ]);
      apps.push(userApp, inventoryApp, paymentApp);
      const orderApp = await startApp('order', {
        mode: 'source',
        env: { ...quiet, DATABASE_URL: databases.order.url, REDIS_URL: redis, INVENTORY_ADDR: inventoryApp.grpcAddress, PAYMENT_ADDR: paymentApp.grpcAddress, CURRENCY_CODE: 'EUR' },
      });
      apps.push(orderApp);
      const gateway = await startApp('gateway', {
        mode: 'source',
        env: {
          ...quiet,
          REDIS_URL: redis,
          REDIS_NAMESPACE: uniqueKeyPrefix('lg-gw').replaceAll(':', '_').replace(/_$/, ''),
          JWT_KEY_DIR: keyDir,
          USER_ADDR: userApp.grpcAddress,
          INVENTORY_ADDR: inventoryApp.grpcAddress,
          ORDER_ADDR: orderApp.grpcAddress,
          // One client address drives everything: lift the per-address limits a real crowd spreads over.
          RATE_LIMIT_PER_ADDRESS: '1000000',
          RATE_LIMIT_PER_USER: '1000000',
          RATE_LIMIT_AUTH_PER_ADDRESS: '1000000',
        },
      });
      apps.push(gateway);
      return new Shop(apps, `http://127.0.0.1:${gateway.port}`, databases, keyDir);
    } catch (error) {
      await Promise.all(apps.map((app) => app.process.kill()));
      throw error;
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.apps.map((app) => app.process.kill()));
    await Promise.all(Object.values(this.databases).map((db) => db.drop()));
    await rm(this.keyDir, { recursive: true, force: true });
  }
}

/** `inventory seed` (migrations, then the demo catalog), run from source as its own process. */
async function seedCatalog(databaseUrl: string): Promise<void> {
  const root = repoRoot();
  const child = startProcess({
    name: 'inventory-seed',
    command: process.execPath,
    args: ['--import', 'tsx', join(root, 'apps/inventory/src/main.ts'), 'seed'],
    env: { ...inheritedEnv(), TSX_TSCONFIG_PATH: join(root, 'tsconfig.base.json'), DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    cwd: root,
  });
  const exit = await child.exited;
  if (exit.code !== 0) throw new Error(`inventory seed exited ${JSON.stringify(exit)}:\n${child.output()}`);
}
