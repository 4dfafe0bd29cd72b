import { loadConfig, z } from '@shop/config';
import { createPool, migrate } from '@shop/db';
import { createLogger, exitAfterFlush, type Logger } from '@shop/logging';
import { createRedis } from '@shop/redis';
import { configSchema, type ConfigOf, type DatabaseSpec, type RedisSpec } from '@shop/service';
import type { Pool } from 'pg';
import { ProductCache } from '../catalog/product-cache';
import { inventoryConfig, LOCAL_DATABASE_URL, LOCAL_REDIS_URL, REDIS_KEY_PREFIX } from '../config';
import catalogJson from './catalog.json';

const seedProduct = z.object({
  sku: z.string().regex(/^[A-Z0-9-]{1,64}$/),
  name: z.string().min(1),
  description: z.string(),
  priceMinor: z.number().int().min(0),
  currencyCode: z.string().regex(/^[A-Z]{3}$/),
  // A path of the storefront's own images (served with it, never from another host), or https.
  imageUrl: z.union([z.string().regex(/^\/images\/products\/[a-z0-9-]+\.(svg|webp|png|jpg)$/), z.url({ protocol: /^https$/ })]),
  tags: z.array(z.string().regex(/^[a-z0-9-]{1,64}$/)),
  stock: z.number().int().min(0),
});
export type SeedProduct = z.output<typeof seedProduct>;

const seedCatalog = z
  .array(seedProduct)
  .min(1)
  .refine((products) => new Set(products.map((p) => p.sku)).size === products.length, 'skus must be unique');

/** The catalog shipped with the app, validated (a bad edit fails the seed, not a later read). */
export function shippedCatalog(): SeedProduct[] {
  return seedCatalog.parse(catalogJson);
}

export interface SeedResult {
  inserted: string[];
  updated: string[];
  unchanged: number;
}

/**
 * Upserts the catalog in one statement (all or nothing). Safe to run again: a product that exists
 * gets its catalog data (name, price, ...) refreshed, but never its stock, which is live state that
 * reservations have moved since; only a new product starts with the seed's stock.
 */
export async function upsertCatalog(pool: Pool, products: readonly SeedProduct[]): Promise<SeedResult> {
  const rows = products.map((p) => ({
    sku: p.sku,
    name: p.name,
    description: p.description,
    price_minor: p.priceMinor,
    currency_code: p.currencyCode,
    image_url: p.imageUrl,
    tags: p.tags,
    stock: p.stock,
  }));
  const { rows: changed } = await pool.query<{ sku: string; inserted: boolean }>(
    `INSERT INTO products AS p (sku, name, description, price_minor, currency_code, image_url, tags, stock)
     SELECT s.sku, s.name, s.description, s.price_minor, s.currency_code, s.image_url,
            ARRAY(SELECT jsonb_array_elements_text(s.tags)), s.stock
       FROM jsonb_to_recordset($1::jsonb) AS s(sku text, name text, description text, price_minor bigint,
                                               currency_code text, image_url text, tags jsonb, stock integer)
     ON CONFLICT (sku) DO UPDATE
        SET name = EXCLUDED.name, description = EXCLUDED.description, price_minor = EXCLUDED.price_minor,
            currency_code = EXCLUDED.currency_code, image_url = EXCLUDED.image_url, tags = EXCLUDED.tags,
            updated_at = now()
      WHERE (p.name, p.description, p.price_minor, p.currency_code, p.image_url, p.tags)
            IS DISTINCT FROM
            (EXCLUDED.name, EXCLUDED.description, EXCLUDED.price_minor, EXCLUDED.currency_code, EXCLUDED.image_url, EXCLUDED.tags)
     RETURNING p.sku, (p.xmax = 0) AS inserted`,
    [JSON.stringify(rows)],
  );
  const inserted = changed.filter((row) => row.inserted).map((row) => row.sku);
  const updated = changed.filter((row) => !row.inserted).map((row) => row.sku);
  return { inserted, updated, unchanged: products.length - changed.length };
}

type SeedConfig = ConfigOf<typeof inventoryConfig, DatabaseSpec, RedisSpec>;

/**
 * `main.cjs seed`: creates the database and schema if needed (migrations), loads the shipped catalog,
 * and drops cached entries of the products it changed. Exits 0 on success, 1 on failure.
 */
export async function runSeedCommand(migrationsDir: string): Promise<never> {
  // The service's own schema, so the seed reads the same DATABASE_URL, REDIS_URL and key prefix.
  const spec = {
    config: inventoryConfig,
    database: { migrationsDir, defaultUrl: LOCAL_DATABASE_URL },
    redis: { keyPrefix: REDIS_KEY_PREFIX, defaultUrl: LOCAL_REDIS_URL },
  };
  const config: SeedConfig = loadConfig(configSchema(spec));
  const logger = createLogger({ service: 'inventory', level: config.LOG_LEVEL });
  try {
    const products = shippedCatalog();
    const applied = await migrate({ databaseUrl: config.DATABASE_URL, dir: migrationsDir });
    if (applied.length) logger.info({ applied }, 'migrations applied');
    const pool = createPool({ connectionString: config.DATABASE_URL, applicationName: 'inventory-seed', max: 1 });
    let result: SeedResult;
    try {
      result = await upsertCatalog(pool, products);
    } finally {
      await pool.end();
    }
    await invalidateQuietly(config, logger, result.updated);
    logger.info(
      { inserted: result.inserted.length, updated: result.updated.length, unchanged: result.unchanged },
      'catalog seeded',
    );
    return await exitAfterFlush(logger, 0);
  } catch (error) {
    logger.fatal({ err: error }, 'seed failed');
    return await exitAfterFlush(logger, 1);
  }
}

/** Running replicas may have cached the old data; without Redis the TTL retires it instead. */
async function invalidateQuietly(config: SeedConfig, logger: Logger, skus: string[]): Promise<void> {
  if (skus.length === 0) return;
  const redis = createRedis({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, lazyConnect: true, maxReconnectDelayMs: 200 });
  redis.on('error', () => undefined); // reported below, once
  try {
    await redis.connect();
    const cache = new ProductCache(redis, {
      namespace: config.CATALOG_CACHE_NAMESPACE,
      ttlMs: config.CATALOG_CACHE_TTL_MS,
      timeoutMs: config.CATALOG_CACHE_TIMEOUT_MS,
      logger,
    });
    await cache.invalidate(skus);
  } catch (error) {
    logger.warn({ err: error, ttlMs: config.CATALOG_CACHE_TTL_MS }, 'could not reach Redis: cached products expire by TTL');
  } finally {
    redis.disconnect();
  }
}
