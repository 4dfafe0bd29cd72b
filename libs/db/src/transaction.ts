import { DeadlineExceededError, raceBudget, remainingMs, throwIfExpired } from '@shop/context';
import { faultFlags, injectLatency } from '@shop/flags';
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { connectionIsBroken, isRetryableTransactionError, SqlState, sqlState } from './errors';
import { usesPreparedStatements } from './pool';
import { boundNow, carriedBy, carriesBudget, fits, remember, valueFor, type StatementBound } from './statement-timeout';
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

const BACKOFF_BASE_MS = 10;
const BACKOFF_CAP_MS = 1_000;

/**
 * Runs `fn` in a transaction and commits it; rolls back if `fn` throws.
 *
 * - Inside a call context, every statement is bounded by the call's remaining budget (the value
 *   its connection carries when that fits, else `SET LOCAL statement_timeout`; statement-timeout.ts),
 *   and no work starts once the budget is spent.
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
 * Inside a call context the statement runs under a statement_timeout that fits the call's remaining
 * budget (statement-timeout.ts): the one its connection already carries, or, when that does not
 * fit, a session-level `SET statement_timeout` sent in the same write as the statement (createPool's
 * connections pipeline; each has its own Sync, so they cost one round trip). The value stays on the
 * connection for the statements that come after it; there is no RESET. Outside a call context the
 * statement runs under the pool's default, restored by a RESET in the same write when the connection
 * carries a budget. A failed SET or RESET, or an error that leaves the connection in doubt, destroys
 * the connection, so no one inherits a value that is not the one remembered.
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
  const lease = await checkout(pool);
  const { client } = lease;
  const bound = boundNow(pool); // after the checkout, which may have waited
  let setting: { text: string; valueMs: number | undefined } | undefined;
  if (bound === undefined) {
    if (carriesBudget(client)) setting = { text: 'RESET statement_timeout', valueMs: undefined };
  } else if (!fits(carriedBy(pool, client), bound)) {
    const valueMs = valueFor(bound);
    setting = { text: `SET statement_timeout = ${valueMs}`, valueMs };
  }

  let armed: Promise<unknown> | undefined;
  let result: Promise<pg.QueryResult<R>>;
  if (setting) [armed, result] = sendTogether<R>(client, setting.text, config);
  else result = client.query<R>(config);

  const [set, ran] = await Promise.allSettled([armed, result]);
  if (set.status === 'fulfilled' && setting) remember(client, setting.valueMs);
  if (ran.status === 'fulfilled') {
    lease.release(set.status === 'rejected');
    return ran.value;
  }
  const error = toDeadlineError(ran.reason, bound);
  const inDoubt = set.status === 'rejected' || connectionIsBroken(ran.reason);
  if (!inDoubt && error instanceof DeadlineExceededError) {
    // A connection whose statement its budget cut goes back at the pool's default (a RESET after the
    // failure: one statement, on a path that has already failed), as the pool made it, for whoever
    // uses the pool without this module (pool.query).
    client.query('RESET statement_timeout').then(
      () => {
        remember(client, undefined);
        lease.release(false);
      },
      () => lease.release(true),
    );
  } else {
    lease.release(inDoubt);
  }
  throw error;
}

async function transactOnce<T>(
  pool: pg.Pool,
  fn: (tx: TransactionClient) => Promise<T>,
  isolation: IsolationLevel | undefined,
): Promise<T> {
  const lease = await checkout(pool);
  const { client } = lease;
  const prepared = usesPreparedStatements(pool);
  let bound = boundNow(pool);
  let destroy = false;
  try {
    // A transaction leaves the value its connection carries as it was: what it needs beyond that is
    // set with SET LOCAL, which ends with it. One round trip: the simple query protocol runs both.
    const begin = isolation ? `BEGIN ISOLATION LEVEL ${isolationSql(isolation)}` : 'BEGIN';
    let installed: number | undefined;
    if (bound === undefined) {
      await client.query(carriesBudget(client) ? `${begin}; SET LOCAL statement_timeout TO DEFAULT` : begin);
    } else if (fits(carriedBy(pool, client), bound)) {
      installed = carriedBy(pool, client);
      await client.query(begin);
    } else {
      installed = valueFor(bound);
      await client.query(`${begin}; SET LOCAL statement_timeout = ${installed}`);
    }

    const tx: TransactionClient = {
      query: async <R extends pg.QueryResultRow>(text: string, params?: readonly unknown[]) => {
        throwIfExpired('the database work');
        const config = statement(text, params, prepared);
        let result: Promise<pg.QueryResult<R>>;
        const now = installed === undefined ? undefined : boundNow(pool);
        if (installed !== undefined && now !== undefined && installed > now.limitMs) {
          // Time has passed inside the transaction: the value in force would now outlast the budget.
          bound = now;
          installed = valueFor(now);
          let armed: Promise<unknown>;
          [armed, result] = sendTogether<R>(client, `SET LOCAL statement_timeout = ${installed}`, config);
          // A failed SET LOCAL aborts the transaction, and the statement after it with it.
          await armed.catch(() => undefined);
        } else {
          result = client.query<R>(config);
        }
        try {
          return await result;
        } catch (error) {
          if (!isStalePlan(error, config)) throw error;
          forgetStatements(config);
          throw new StalePlanError('a prepared statement went stale', { cause: error });
        }
      },
    };

    const result = await fn(tx);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A failed COMMIT has already ended the transaction; ROLLBACK then only warns. If even
    // ROLLBACK fails the connection is unusable and must not go back to the pool.
    await client.query('ROLLBACK').catch(() => {
      destroy = true;
    });
    if (lease.broken() || (sqlState(error) !== undefined && connectionIsBroken(error))) destroy = true;
    if (error instanceof StalePlanError) throw error;
    throw toDeadlineError(error, bound);
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

/**
 * Issues `first`, then the statement, in one write: pg writes each query as it is issued, so the
 * socket is corked around them (pg corks it the same way around the messages of one query).
 */
function sendTogether<R extends pg.QueryResultRow>(
  client: pg.PoolClient,
  first: string,
  config: pg.QueryConfig,
): [Promise<unknown>, Promise<pg.QueryResult<R>>] {
  const socket = socketOf(client);
  socket?.cork();
  try {
    return [client.query(first), client.query<R>(config)];
  } finally {
    socket?.uncork();
  }
}

/** The connection's socket (pg's own `connection.stream`), when it is one that can be corked. */
function socketOf(client: pg.PoolClient): Writable | undefined {
  const stream = (client as unknown as { connection?: { stream?: Partial<Writable> } }).connection?.stream;
  return typeof stream?.cork === 'function' && typeof stream.uncork === 'function' ? (stream as Writable) : undefined;
}

/**
 * A statement Postgres cancelled (57014) once its call had no more than the margin of its bound left
 * was cancelled for the budget: the value in force may cut a statement up to that margin early.
 */
function toDeadlineError(error: unknown, bound: StatementBound | undefined): unknown {
  const left = remainingMs();
  if (sqlState(error) === SqlState.queryCanceled && bound !== undefined && left !== undefined && left <= bound.marginMs) {
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
