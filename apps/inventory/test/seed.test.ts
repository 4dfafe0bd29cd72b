import {
  postgresAdminUrl,
  redisUrl,
  startApp,
  startAppCommand,
  testAppEnv,
  testRunId,
  withDatabase,
  type ProcessHandle,
} from '@shop/testing';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import catalog from '../src/seed/catalog.json';
import { inventoryClient } from './support';

describe('`main.cjs seed` (the built bundle)', () => {
  // A database that does not exist yet: the seed command must create it and its tables.
  const name = `t_${testRunId()}_inventory_seed_${randomBytes(4).toString('hex')}`;
  const databaseUrl = withDatabase(postgresAdminUrl(), name);
  let pool: pg.Pool;

  beforeAll(() => {
    pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    pool.on('error', () => undefined); // the DROP ... WITH (FORCE) below ends whatever is still connected
  });

  afterAll(async () => {
    await pool.end();
    const admin = new pg.Client({ connectionString: postgresAdminUrl() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
    await admin.end();
  });

  async function seed(): Promise<ProcessHandle> {
    const child = startAppCommand('inventory', 'seed', { mode: 'built', env: { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl() } });
    expect(await child.exited, child.output()).toEqual({ code: 0, signal: null });
    return child;
  }

  const seededLog = (child: ProcessHandle) => child.logs.find((log) => log['msg'] === 'catalog seeded');

  it('creates the database and schema and loads the catalog', async () => {
    const child = await seed();
    expect(seededLog(child)).toMatchObject({ inserted: catalog.length, updated: 0, unchanged: 0 });
    const { rows } = await pool.query<{ count: string; tags: string[] }>(
      'SELECT count(*), array_agg(DISTINCT tag ORDER BY tag) AS tags FROM products, unnest(tags) AS tag',
    );
    expect(Number((await pool.query('SELECT count(*) FROM products')).rows[0].count)).toBe(catalog.length);
    expect(rows[0]!.tags).toEqual(expect.arrayContaining(['books', 'coffee', 'kitchen', 'tea']));
    expect(catalog.length).toBeGreaterThanOrEqual(30);
  });

  it('is safe to run again: restores catalog data, keeps live stock', async () => {
    await pool.query(`UPDATE products SET stock = 3 WHERE sku = 'COF-001'`); // stock moved by sales
    await pool.query(`UPDATE products SET price_minor = 1 WHERE sku = 'TEA-001'`); // data drifted
    const child = await seed();
    expect(seededLog(child)).toMatchObject({ inserted: 0, updated: 1, unchanged: catalog.length - 1 });
    const { rows } = await pool.query<{ sku: string; stock: number; price_minor: string }>(
      `SELECT sku, stock, price_minor FROM products WHERE sku IN ('COF-001', 'TEA-001') ORDER BY sku`,
    );
    const original = (sku: string) => catalog.find((p) => p.sku === sku)!;
    expect(rows).toEqual([
      { sku: 'COF-001', stock: 3, price_minor: String(original('COF-001').priceMinor) },
      { sku: 'TEA-001', stock: original('TEA-001').stock, price_minor: String(original('TEA-001').priceMinor) },
    ]);
  });

  it('is what the service then serves', async () => {
    const app = await startApp('inventory', { mode: 'built', env: { ...testAppEnv('inventory'), DATABASE_URL: databaseUrl } });
    const client = inventoryClient(app.grpcAddress);
    try {
      const { products } = await client.listProducts({ tag: 'books', pageSize: 100 });
      expect(products.map((p) => p.sku)).toEqual(catalog.filter((p) => p.tags.includes('books')).map((p) => p.sku));
      expect(products[0]).toMatchObject({
        price: { currencyCode: 'EUR' },
        imageUrl: `/images/products/${products[0]!.sku.toLowerCase()}.svg`,
      });
    } finally {
      client.close();
      await app.stop();
    }
  });
});
