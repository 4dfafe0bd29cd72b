import { DeadlineExceededError, raceBudget, remainingMs, throwIfExpired } from '@shop/context';
import { faultFlags, injectLatency } from '@shop/flags';
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { connectionIsBroken, isRetryableTransactionError, SqlState, sqlState } from './errors';
import { usesPreparedStatements } from './pool';
import { forgetStatements, isStalePlan, statement } from './statements';
import { databaseSpan } from './tracing';

/** What a transaction body may do: run statements on the transaction's connection. */
export interface TransactionClient {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    params?: readonly unknown[],
  ): Promise<pg.QueryResult<R>>;
}

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  isolation?: IsolationLevel;
  /** Attempts in total, counting the first, on serialization failures and deadlocks. */
  maxAttempts?: number;
}

/**
 * statement_timeout bounds each statement separately, so after time has passed inside a transaction
 * the installed value can outlast the budget. Re-arming before every statement would cost a round
 * trip each; re-arming only once it is this much too long keeps the usual short transaction at zero
 * extra round trips and lets no statement overrun the deadline by more than this.
 */
const REARM_SLACK_MS = 25;
const BACKOFF_BASE_MS = 10;
const BACKOFF_CAP_MS = 1_000;

/**
 * Runs `fn` in a transaction and commits it; rolls back if `fn` throws.
 *
 * - Inside a call context, every statement is bounded by the call's remaining budget
 *   (`SET LOCAL statement_timeout`), and no work starts once the budget is spent.
 * - Serialization failures and deadlocks re-run the whole of `fn` (so `fn` must not have side
 *   effects outside the database), with exponential backoff and full jitter, never past the deadline.
 * - A statement Postgres cancelled because the budget ran out surfaces as DeadlineExceededError.
 */
export function withTransaction<T>(
  pool: pg.Pool,
  fn: (tx: TransactionClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  return databaseSpan('transaction', () => transact(pool, fn, options));
}

async function transact<T>(pool: pg.Pool, fn: (tx: TransactionClient) => Promise<T>, options: TransactionOptions): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 5;
  let replanned = false;
  for (let attempt = 1; ; attempt++) {
    throwIfExpired('the database work');
    try {
      return await transactOnce(pool, fn, options.isolation);
    } catch (error) {
      if (error instanceof StalePlanError) {
        // The whole transaction rolled back; run it again once, its statements prepared afresh.
        if (replanned) throw error.cause;
        replanned = true;
        attempt--;
        continue;
      }
      if (!isRetryableTransactionError(error) || attempt >= maxAttempts) throw error;
      const delay = Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
      const left = remainingMs();
      if (left !== undefined && left <= delay) {
        throw new DeadlineExceededError(`no budget left to retry the transaction after ${sqlState(error)}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** A named statement refused for a stale plan inside a transaction: the transaction is re-run once. */
class StalePlanError extends Error {}

/**
 * Runs one statement, bounded like a transaction's statements.
 *
 * Outside a call context this is a plain `pool.query` (one round trip; the pool's default
 * statement_timeout applies). Inside one, the budget has to reach the server first: a session-level
 * `SET statement_timeout`, the statement, and the RESET that returns the connection to its default
 * are pipelined (createPool's connections pipeline), so they cost one round trip where a transaction
 * (BEGIN + SET LOCAL, statement, COMMIT) would cost three. Each has its own Sync, so a failing
 * statement does not stop the RESET; the connection goes back to the pool once the RESET is done, and
 * is destroyed if it failed, so no other user inherits the short timeout.
 */
export function query<R extends pg.QueryResultRow = pg.QueryResultRow>(
  pool: pg.Pool,
  text: string,
  params?: readonly unknown[],
): Promise<pg.QueryResult<R>> {
  return databaseSpan(operationOf(text), () => boundedQuery<R>(pool, text, params), text);
}

/** The statement's first keyword (SELECT, INSERT, ...): the span's name, as OpenTelemetry names database spans. */
function operationOf(text: string): string {
  return /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? 'query';
}

async function boundedQuery<R extends pg.QueryResultRow>(pool: pg.Pool, text: string, params?: readonly unknown[]): Promise<pg.QueryResult<R>> {
  const prepared = usesPreparedStatements(pool);
  const config = statement(text, params, prepared);
  try {
    return await boundedQueryOnce<R>(pool, config);
  } catch (error) {
    if (!isStalePlan(error, config)) throw error;
    // Refused before it ran (on its own, outside any transaction): safe to run once more, prepared afresh.
    forgetStatements(config);
    return boundedQueryOnce<R>(pool, statement(text, params, prepared));
  }
}

async function boundedQueryOnce<R extends pg.QueryResultRow>(pool: pg.Pool, config: pg.QueryConfig): Promise<pg.QueryResult<R>> {
  throwIfExpired('the database work');
  if (remainingMs() === undefined) return pool.query<R>(config);

  const lease = await checkout(pool);
  // The three go out in one write: pg writes each query as it is issued, so the socket is corked
  // around them (pg corks it the same way around the messages of one query).
  const socket = socketOf(lease.client);
  socket?.cork();
  let armed: Promise<unknown>;
  let result: Promise<pg.QueryResult<R>>;
  try {
    armed = lease.client.query(`SET statement_timeout = ${statementTimeoutFor(pool)}`);
    result = lease.client.query<R>(config);
    void lease.client.query('RESET statement_timeout').then(
      () => lease.release(false),
      () => lease.release(true),
    );
  } finally {
    socket?.uncork();
  }
  try {
    const [, rows] = await Promise.all([armed, result]);
    return rows;
  } catch (error) {
    throw toDeadlineError(error);
  }
}

async function transactOnce<T>(
  pool: pg.Pool,
  fn: (tx: TransactionClient) => Promise<T>,
  isolation: IsolationLevel | undefined,
): Promise<T> {
  const lease = await checkout(pool);
  const prepared = usesPreparedStatements(pool);
  let destroy = false;
  try {
    const begin = isolation ? `BEGIN ISOLATION LEVEL ${isolationSql(isolation)}` : 'BEGIN';
    let installed: number | undefined;
    if (remainingMs() === undefined) {
      await lease.client.query(begin);
    } else {
      installed = statementTimeoutFor(pool);
      // One round trip: the simple query protocol runs both statements.
      await lease.client.query(`${begin}; SET LOCAL statement_timeout = ${installed}`);
    }

    const tx: TransactionClient = {
      query: async <R extends pg.QueryResultRow>(text: string, params?: readonly unknown[]) => {
        throwIfExpired('the database work');
        if (installed !== undefined) {
          const left = remainingMs() ?? Infinity;
          if (installed - left > REARM_SLACK_MS) {
            installed = statementTimeoutFor(pool);
            await lease.client.query(`SET LOCAL statement_timeout = ${installed}`);
          }
        }
        const config = statement(text, params, prepared);
        try {
          return await lease.client.query<R>(config);
        } catch (error) {
          if (!isStalePlan(error, config)) throw error;
          forgetStatements(config);
          throw new StalePlanError('a prepared statement went stale', { cause: error });
        }
      },
    };

    const result = await fn(tx);
    await lease.client.query('COMMIT');
    return result;
  } catch (error) {
    // A failed COMMIT has already ended the transaction; ROLLBACK then only warns. If even
    // ROLLBACK fails the connection is unusable and must not go back to the pool.
    await lease.client.query('ROLLBACK').catch(() => {
      destroy = true;
    });
    if (lease.broken() || (sqlState(error) !== undefined && connectionIsBroken(error))) destroy = true;
    if (error instanceof StalePlanError) throw error;
    throw toDeadlineError(error);
  } finally {
    lease.release(destroy);
  }
}

interface Lease {
  client: pg.PoolClient;
  /** True once the connection reported an error while checked out. */
  broken(): boolean;
  release(destroy: boolean): void;
}

/** Checks out a connection, waiting no longer than the call's remaining budget. */
async function checkout(pool: pg.Pool): Promise<Lease> {
  await injectLatency(faultFlags.dbLatencyMs); // the db-latency-ms fault flag; nothing while it is off
  const connecting = pool.connect();
  let client: pg.PoolClient;
  try {
    client = await raceBudget(connecting, 'a database connection');
  } catch (error) {
    // The pool hands the connection over eventually; give it straight back.
    if (error instanceof DeadlineExceededError) connecting.then((late) => late.release(), () => undefined);
    throw error;
  }

  // A checked-out pg client has no 'error' listener of its own: without this one, the server
  // closing the connection between two statements would crash the process.
  let broken = false;
  const onError = () => {
    broken = true;
  };
  client.on('error', onError);
  let released = false;
  return {
    client,
    broken: () => broken,
    release(destroy) {
      if (released) return;
      released = true;
      client.removeListener('error', onError);
      client.release(destroy || broken);
    },
  };
}

/** The connection's socket (pg's own `connection.stream`), when it is one that can be corked. */
function socketOf(client: pg.PoolClient): Writable | undefined {
  const stream = (client as unknown as { connection?: { stream?: Partial<Writable> } }).connection?.stream;
  return typeof stream?.cork === 'function' && typeof stream.uncork === 'function' ? (stream as Writable) : undefined;
}

/** The remaining budget in whole milliseconds, capped by the pool's own statement_timeout. */
function statementTimeoutFor(pool: pg.Pool): number {
  const left = Math.max(1, Math.ceil(remainingMs() ?? Infinity)); // 0 would mean "no timeout"
  const poolDefault = pool.options.statement_timeout;
  return typeof poolDefault === 'number' && poolDefault > 0 ? Math.min(left, poolDefault) : left;
}

/** A statement Postgres cancelled while the call's deadline has passed was cancelled for the budget. */
function toDeadlineError(error: unknown): unknown {
  if (sqlState(error) === SqlState.queryCanceled && remainingMs() === 0) {
    return new DeadlineExceededError('statement cancelled: the call ran out of time', { cause: error });
  }
  return error;
}

function isolationSql(isolation: IsolationLevel): string {
  switch (isolation) {
    case 'read committed':
      return 'READ COMMITTED';
    case 'repeatable read':
      return 'REPEATABLE READ';
    case 'serializable':
      return 'SERIALIZABLE';
  }
}
