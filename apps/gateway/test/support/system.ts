import { redisUrl, startTestSystem, uniqueKeyPrefix, type RunningApp, type TestSystem } from '@shop/testing';
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
    REDIS_KEY_PREFIX: uniqueKeyPrefix('gw'),
  };
}

/**
 * The whole shop as real processes (@shop/testing's startTestSystem) with what the API tests add:
 * an API client, products on the shelf, registered shoppers.
 */
export class ShopSystem {
  readonly api: Api;
  private readonly pools = new Map<string, pg.Pool>();

  private constructor(private readonly system: TestSystem) {
    this.api = new Api(system.gatewayUrl);
  }

  static async start(
    options: { gatewayEnv?: Record<string, string>; userEnv?: Record<string, string>; orderEnv?: Record<string, string> } = {},
  ): Promise<ShopSystem> {
    return new ShopSystem(
      await startTestSystem({
        env: { user: { ...options.userEnv }, order: { ...options.orderEnv }, gateway: { ...gatewayTestEnv(), ...options.gatewayEnv } },
      }),
    );
  }

  get databases(): TestSystem['databases'] {
    return this.system.databases;
  }

  get gateway(): RunningApp {
    return this.system.apps.gateway;
  }

  /** Every app of the system, by name. */
  get apps(): TestSystem['apps'] {
    return this.system.apps;
  }

  get keyDir(): string {
    return this.system.keyDir;
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
    if (registered.status !== 202) throw new Error(`register answered ${registered.status}: ${JSON.stringify(registered.body)}`);
    const login = await this.api.post('/api/v1/auth/login', { json: { email, password }, clientIp });
    if (login.status !== 200) throw new Error(`login answered ${login.status}: ${JSON.stringify(login.body)}`);
    return { token: login.body.accessToken, userId: login.body.user.id, email, clientIp };
  }

  async stop(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.end()));
    await this.system.stop();
  }
}
