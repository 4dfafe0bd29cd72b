import { durationMs, integer, serviceEnv, z } from '@shop/config';

/** What inventory reads from its environment beyond the chassis's settings; the defaults run it on a laptop. */
export const inventoryConfig = z.object({
  ...serviceEnv({ port: 50052, adminPort: 9052 }),
  /** How long a HELD reservation keeps its stock before the sweeper returns it. */
  RESERVATION_TTL_MS: integer(1_000, 24 * 60 * 60_000).default(15 * 60_000),
  /** How often the sweeper looks for expired holds (each replica runs one; SKIP LOCKED shares the work). */
  RESERVATION_SWEEP_INTERVAL_MS: integer(100, 60 * 60_000).default(5_000),
  /** Expired holds released per sweeper transaction: keeps each transaction and its row locks short. */
  RESERVATION_SWEEP_BATCH_SIZE: integer(1, 10_000).default(100),
  /** Bound of one sweeper batch (its SQL runs under this deadline). */
  RESERVATION_SWEEP_TIMEOUT_MS: integer(100, 60_000).default(5_000),
  /**
   * Lifetime of a cached product. Invalidation on change keeps it fresh; the TTL bounds staleness when
   * an invalidation is lost (Redis down at the time, or a reader racing a writer).
   */
  CATALOG_CACHE_TTL_MS: integer(1_000, 24 * 60 * 60_000).default(60_000),
  /**
   * Namespace of the catalog cache inside the app's Redis prefix. Versioned so that a release that
   * changes the cached shape does not read the previous one's entries; tests use it to keep apart.
   */
  CATALOG_CACHE_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'expected 1-64 of A-Z a-z 0-9 : _ . -')
    .default('catalog:v1'),
  /** Redis commands of a catalog read give up after this long and fall through to Postgres. */
  CATALOG_CACHE_TIMEOUT_MS: durationMs(250),
});

export type InventoryConfig = z.output<typeof inventoryConfig>;

/*
 * The database and Redis of the spec in main.ts (the chassis adds DATABASE_URL, REDIS_URL and
 * REDIS_KEY_PREFIX for them); constants here because `main.cjs seed` reads the same settings.
 */
export const REDIS_KEY_PREFIX = 'inventory:';
export const LOCAL_DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:5432/shop_inventory';
export const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';
