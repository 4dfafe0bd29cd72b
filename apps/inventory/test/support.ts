import { shopProtos, type ServiceClient } from '@shop/rpc';
import { testClient } from '@shop/rpc/testing';
import type { InventoryServiceDefinition } from '@shop/rpc/generated/shop/inventory/v1/InventoryService';
import { freshDatabase, startApp, testAppEnv, type FreshDatabase, type RunningApp } from '@shop/testing';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

export type InventoryClient = ServiceClient<InventoryServiceDefinition>;

export function inventoryClient(address: string): InventoryClient {
  return testClient(shopProtos().grpcObject.shop.inventory.v1.InventoryService.service, address);
}

/** Starts inventory from source on `databaseUrl`; every instance gets a cache namespace of its own. */
export function startInventory(databaseUrl: string, env: Record<string, string> = {}): Promise<RunningApp> {
  return startApp('inventory', { mode: 'source', env: { ...testAppEnv('inventory'), DATABASE_URL: databaseUrl, ...env } });
}

export function orderId(): string {
  return `order-${randomUUID()}`;
}

export interface TestProduct {
  sku: string;
  stock: number;
  tags?: string[];
  priceMinor?: number;
  name?: string;
  description?: string;
}

/** Direct access to the inventory tables: to arrange products and to see what a call wrote. */
export class InventoryTables {
  private readonly pool: pg.Pool;

  constructor(databaseUrl: string) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  }

  async addProducts(products: TestProduct[]): Promise<void> {
    for (const p of products) {
      await this.pool.query(
        `INSERT INTO products (sku, name, description, price_minor, currency_code, image_url, tags, stock)
         VALUES ($1, $2, $3, $4, 'EUR', $5, $6, $7)`,
        [
          p.sku,
          p.name ?? `Product ${p.sku}`,
          p.description ?? `Description of ${p.sku}`,
          p.priceMinor ?? 1000,
          `https://images.example.com/${p.sku.toLowerCase()}.jpg`,
          p.tags ?? [],
          p.stock,
        ],
      );
    }
  }

  async stock(sku: string): Promise<number> {
    const { rows } = await this.pool.query<{ stock: number }>('SELECT stock FROM products WHERE sku = $1', [sku]);
    if (!rows[0]) throw new Error(`no product ${sku}`);
    return rows[0].stock;
  }

  /** Changes stock behind the service's back (no cache invalidation): to show what the cache serves. */
  async setStockDirectly(sku: string, stock: number): Promise<void> {
    await this.pool.query('UPDATE products SET stock = $2 WHERE sku = $1', [sku, stock]);
  }

  async reservationCount(orderIds?: string[]): Promise<number> {
    const { rows } = await this.pool.query<{ count: string }>(
      orderIds
        ? 'SELECT count(*) FROM reservations WHERE order_id = ANY($1)'
        : 'SELECT count(*) FROM reservations',
      orderIds ? [orderIds] : [],
    );
    return Number(rows[0]!.count);
  }

  async reservationItemCount(orderId: string): Promise<number> {
    const { rows } = await this.pool.query<{ count: string }>(
      'SELECT count(*) FROM reservation_items WHERE order_id = $1',
      [orderId],
    );
    return Number(rows[0]!.count);
  }

  /** Units of `sku` by where they are: on the shelf, held, sold. Their sum never changes. */
  async ledger(sku: string): Promise<{ available: number; held: number; committed: number }> {
    const { rows } = await this.pool.query<{ available: number; held: number; committed: number }>(
      `SELECT p.stock AS available,
              coalesce(sum(i.quantity) FILTER (WHERE r.state = 'HELD'), 0)::int AS held,
              coalesce(sum(i.quantity) FILTER (WHERE r.state = 'COMMITTED'), 0)::int AS committed
         FROM products p
         LEFT JOIN reservation_items i ON i.sku = p.sku
         LEFT JOIN reservations r ON r.order_id = i.order_id
        WHERE p.sku = $1
        GROUP BY p.stock`,
      [sku],
    );
    if (!rows[0]) throw new Error(`no product ${sku}`);
    return rows[0];
  }

  /** Moves a hold's deadline into the past without waiting for it (the sweeper may be slow). */
  async lapse(orderId: string): Promise<void> {
    await this.pool.query(`UPDATE reservations SET expires_at = now() - interval '1 second' WHERE order_id = $1`, [
      orderId,
    ]);
  }

  query<R extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(text, params);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

export interface InventoryFixture {
  readonly db: FreshDatabase;
  readonly app: RunningApp;
  readonly client: InventoryClient;
  readonly tables: InventoryTables;
}

/**
 * One test file's inventory: a fresh database `name` holding `products`, the service on it as a
 * process (with `env`), a client and direct access to its tables. Call it in a describe block: it
 * starts everything in beforeAll and stops it in afterAll; its fields are there once beforeAll ran.
 */
export function inventoryFixture(name: string, products: TestProduct[], env: Record<string, string> = {}): InventoryFixture {
  const parts: { -readonly [K in keyof InventoryFixture]?: InventoryFixture[K] } = {};
  beforeAll(async () => {
    parts.db = await freshDatabase(name);
    parts.app = await startInventory(parts.db.url, env);
    parts.client = inventoryClient(parts.app.grpcAddress);
    parts.tables = new InventoryTables(parts.db.url);
    await parts.tables.addProducts(products);
  });
  afterAll(async () => {
    parts.client?.close();
    await parts.tables?.close();
    await parts.app?.stop();
    await parts.db?.drop();
  });
  const get = <K extends keyof InventoryFixture>(key: K): InventoryFixture[K] => {
    const part = parts[key];
    if (part === undefined) throw new Error(`inventoryFixture('${name}').${key} used before its beforeAll ran`);
    return part as InventoryFixture[K];
  };
  return {
    get db() {
      return get('db');
    },
    get app() {
      return get('app');
    },
    get client() {
      return get('client');
    },
    get tables() {
      return get('tables');
    },
  };
}

/** Polls `probe` until it returns a value: for what happens in the background (the sweeper). */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export { failure } from '@shop/testing';
