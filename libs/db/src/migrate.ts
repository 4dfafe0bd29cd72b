import pg from 'pg';
import { SqlState, sqlState } from './errors';

export interface MigrateOptions {
  databaseUrl: string;
  /** Directory of migration files, applied in name order. Use SQL files:
   *
   *   -- Up Migration
   *   CREATE TABLE ...;
   *   -- Down Migration
   *   DROP TABLE ...;
   */
  dir: string;
  /** Progress lines from the migration runner; silent by default. */
  log?: (message: string) => void;
  /** Schema of the migrations and of the bookkeeping table. */
  schema?: string;
  migrationsTable?: string;
}

/**
 * Brings the database up to date and returns the names of the migrations it applied.
 *
 * Safe to run from several replicas at once: node-pg-migrate takes a Postgres advisory lock
 * (waiting for it, not failing), so one runner applies the pending migrations in a single
 * transaction while the others wait, then find nothing left to do. Creates the database first if
 * it does not exist yet.
 */
export async function migrate(options: MigrateOptions): Promise<string[]> {
  const schema = options.schema ?? 'public';
  await ensureDatabase(options.databaseUrl);
  const log = options.log ?? (() => undefined);
  // Our own client, so that its 'error' event (Postgres going away mid-migration) has a listener:
  // the runner's query then fails and migrate() rejects, instead of the process dying of an
  // unhandled 'error' event.
  const client = new pg.Client({ connectionString: options.databaseUrl });
  client.on('error', (error) => log(`migration connection failed: ${error.message}`));
  await client.connect();
  try {
    return await run(client, options, schema, log);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function run(client: pg.Client, options: MigrateOptions, schema: string, log: (message: string) => void): Promise<string[]> {
  // Loaded here, not at the top: every app imports @shop/db, only the migrate command migrates
  // (node-pg-migrate and what it pulls in are about 1.7 MB of heap in each app that never runs it).
  const { runner } = await import('node-pg-migrate');
  const applied = await runner({
    dbClient: client,
    dir: options.dir,
    direction: 'up',
    schema,
    createSchema: schema !== 'public', // creating "public" needs rights an app role may lack
    migrationsSchema: schema,
    migrationsTable: options.migrationsTable ?? 'pgmigrations',
    advisoryLockMode: 'wait',
    singleTransaction: true,
    checkOrder: true,
    logger: { debug: log, info: log, warn: log, error: log },
  });
  return applied.map((migration) => migration.name);
}

/** Creates the database named in `databaseUrl` unless it exists; tolerates a concurrent creator. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const probe = new pg.Client({ connectionString: databaseUrl });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return;
  } catch (error) {
    if (sqlState(error) !== SqlState.invalidCatalogName) throw error;
  } finally {
    await probe.end().catch(() => undefined);
  }

  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres'; // the maintenance database every server has
  const admin = new pg.Client({ connectionString: url.toString() });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
  } catch (error) {
    // Another replica created it between our probe and our CREATE: 42P04, or 23505 when both
    // inserts into pg_database collide.
    const state = sqlState(error);
    if (state !== SqlState.duplicateDatabase && state !== SqlState.uniqueViolation) throw error;
  } finally {
    await admin.end().catch(() => undefined);
  }
}
