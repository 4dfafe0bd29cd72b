import { raceBudget } from '@shop/context';
import pg from 'pg';

export interface PoolOptions {
  connectionString: string;
  /** Shows up in pg_stat_activity, so a DBA can tell which app holds which connection. */
  applicationName: string;
  /** Upper bound on connections from this process; requests beyond it wait for a free one. */
  max?: number;
  /** How long a checkout may wait for a connection (new or free) before failing. */
  connectionTimeoutMillis?: number;
  /** Idle connections are closed after this long. */
  idleTimeoutMillis?: number;
  /** Default statement_timeout of every connection, for work outside any request budget. */
  statementTimeoutMs?: number;
  /** Errors of idle connections (server restart, network drop). The pool replaces them itself. */
  onError?: (error: Error) => void;
  /**
   * Run the statements of `query` and `withTransaction` as named (prepared) statements, planned once
   * per connection (see statements.ts). Default on; an app's `DB_PREPARED_STATEMENTS` (@shop/config).
   */
  preparedStatements?: boolean;
}

const preparedPools = new WeakSet<pg.Pool>();

/** Whether `query` and `withTransaction` name their statements on this pool (only pools made by createPool do). */
export function usesPreparedStatements(pool: pg.Pool): boolean {
  return preparedPools.has(pool);
}

/** A bounded pg Pool with the chassis defaults. */
export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    application_name: options.applicationName,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
    idleTimeoutMillis: options.idleTimeoutMillis ?? 30_000,
    ...(options.statementTimeoutMs !== undefined ? { statement_timeout: options.statementTimeoutMs } : {}),
    // Queries issued back to back go out without waiting for each other's answers (each with its own
    // Sync, so one's error does not abort the next outside a transaction): `query` sends its budget,
    // statement and reset in one round trip. Awaited one by one, statements behave as without it.
    pipeline: true,
  });
  // Without a listener, an idle client's error (e.g. Postgres restarting) is an uncaught
  // 'error' event and takes the whole process down.
  pool.on('error', (error) => options.onError?.(error));
  if (options.preparedStatements ?? true) preparedPools.add(pool);
  return pool;
}

export interface PoolStats {
  /** Open connections, idle or checked out. */
  total: number;
  idle: number;
  /** Checkouts queued for a connection: a sustained non-zero value means the pool is too small. */
  waiting: number;
}

export function poolStats(pool: pg.Pool): PoolStats {
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
}

/** Readiness probe: can we run a trivial query within `timeoutMs`? Never throws. */
export function checkDatabase(pool: pg.Pool, timeoutMs = 1_000): Promise<boolean> {
  return raceBudget(pool.query('SELECT 1'), 'Postgres', timeoutMs).then(
    () => true,
    () => false,
  );
}
