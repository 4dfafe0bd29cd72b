import { freshDatabase, redisUrl, startApp, uniqueKeyPrefix, type FreshDatabase, type RunningApp } from '@shop/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Api, strongPassword, uniqueEmail, uniqueIp } from './api';

export interface TestProduct {
  sku: string;
  stock: number;
  priceMinor: number;
  tags: string[];
}

/** What every gateway in these tests shares: believe X-Forwarded-For from loopback, its own Redis keys. */
export function gatewayTestEnv(): Record<string, string> {
  return {
    REDIS_URL: redisUrl(),
    TRUST_PROXY: 'loopback',
    REDIS_NAMESPACE: uniqueKeyPrefix('gw').replaceAll(':', '_').replace(/_$/, ''),
  };
}

/**
 * The whole shop as real processes (user, inventory, payment, order, gateway), each service on a
 * fresh database, user and gateway sharing a temporary JWT key directory as they would locally.
 */
export class ShopSystem {
  user!: RunningApp;
  inventory!: RunningApp;
  payment!: RunningApp;
  order!: RunningApp;
  gateway!: RunningApp;
  api!: Api;
  keyDir!: string;
  private readonly pools = new Map<string, pg.Pool>();

  private constructor(readonly databases: Record<'user' | 'inventory' | 'payment' | 'order', FreshDatabase>) {}

  static async start(options: { gatewayEnv?: Record<string, string>; userEnv?: Record<string, string> } = {}): Promise<ShopSystem> {
    const [user, inventory, payment, order] = await Promise.all(['user', 'inventory', 'payment', 'order'].map((name) => freshDatabase(name)));
    const system = new ShopSystem({ user: user!, inventory: inventory!, payment: payment!, order: order! });
    system.keyDir = await mkdtemp(join(tmpdir(), 'shop-gateway-keys-'));
    const redis = redisUrl();
    // The gateway starts alongside user and waits for the key file user creates.
    const gatewayStarting = (async () => {
      [system.inventory, system.payment] = await Promise.all([
        startApp('inventory', {
          env: { DATABASE_URL: inventory!.url, REDIS_URL: redis, CATALOG_CACHE_NAMESPACE: uniqueKeyPrefix('gw-inv').replace(/:$/, '') },
        }),
        startApp('payment', { env: { DATABASE_URL: payment!.url } }),
      ]);
      system.order = await startApp('order', {
        env: {
          DATABASE_URL: order!.url,
          REDIS_URL: redis,
          INVENTORY_ADDR: system.inventory.grpcAddress,
          PAYMENT_ADDR: system.payment.grpcAddress,
          CURRENCY_CODE: 'EUR',
        },
      });
    })();
    system.user = await startApp('user', {
      env: { DATABASE_URL: user!.url, REDIS_URL: redis, JWT_KEY_DIR: system.keyDir, SCRYPT_LOG2_N: '10', ...options.userEnv },
    });
    await gatewayStarting;
    system.gateway = await startApp('gateway', {
      env: {
        ...gatewayTestEnv(),
        JWT_KEY_DIR: system.keyDir,
        USER_ADDR: system.user.grpcAddress,
        INVENTORY_ADDR: system.inventory.grpcAddress,
        ORDER_ADDR: system.order.grpcAddress,
        ...options.gatewayEnv,
      },
    });
    system.api = new Api(`http://127.0.0.1:${system.gateway.port}`);
    return system;
  }

  db(name: keyof ShopSystem['databases']): pg.Pool {
    let pool = this.pools.get(name);
    if (!pool) this.pools.set(name, (pool = new pg.Pool({ connectionString: this.databases[name].url, max: 2 })));
    return pool;
  }

  /** Puts products on the shelf, straight into inventory's table. */
  async addProducts(products: TestProduct[]): Promise<void> {
    for (const p of products) {
      await this.db('inventory').query(
        `INSERT INTO products (sku, name, description, price_minor, currency_code, image_url, tags, stock)
         VALUES ($1, $2, $3, $4, 'EUR', '', $5, $6)`,
        [p.sku, `Product ${p.sku}`, `About ${p.sku}`, p.priceMinor, p.tags, p.stock],
      );
    }
  }

  async count(database: keyof ShopSystem['databases'], sql: string, params: unknown[] = []): Promise<number> {
    const { rows } = await this.db(database).query<{ count: string }>(sql, params);
    return Number(rows[0]!.count);
  }

  /** Registers and logs in a new shopper through the API; answers its token and id. */
  async shopper(): Promise<{ token: string; userId: string; email: string; clientIp: string }> {
    const email = uniqueEmail();
    const password = strongPassword();
    const clientIp = uniqueIp();
    const registered = await this.api.post('/api/v1/auth/register', { json: { email, password }, clientIp });
    if (registered.status !== 201) throw new Error(`register answered ${registered.status}: ${JSON.stringify(registered.body)}`);
    const login = await this.api.post('/api/v1/auth/login', { json: { email, password }, clientIp });
    if (login.status !== 200) throw new Error(`login answered ${login.status}: ${JSON.stringify(login.body)}`);
    return { token: login.body.accessToken, userId: login.body.user.id, email, clientIp };
  }

  async stop(): Promise<void> {
    await Promise.all([this.gateway, this.order, this.payment, this.inventory, this.user].map((app) => app?.process.kill()));
    await Promise.all([...this.pools.values()].map((pool) => pool.end()));
    await Promise.all(Object.values(this.databases).map((db) => db.drop()));
    if (this.keyDir) await rm(this.keyDir, { recursive: true, force: true });
  }
}
