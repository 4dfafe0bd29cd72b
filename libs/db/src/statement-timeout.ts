import { remainingMs } from '@shop/context';
import type pg from 'pg';

/**
 * How a call's budget reaches Postgres: as the statement_timeout in force when a statement runs, so
 * that Postgres itself stops work the caller can no longer use, whatever the client does.
 *
 * Setting it costs a statement of its own (and, as this was done before, a RESET after it: three
 * statements for one). A connection therefore keeps the value it was last given at session level
 * (remembered here, per connection), and a statement runs without a SET whenever that value fits its
 * budget: never longer than what is left (a statement is never cut late), and at most a margin
 * shorter (it may be cut that much early, as the rpc client takes a margin off a deadline it passes
 * on). A value is set half a margin below the budget, so that it fits the rest of the same call
 * (whose budget only shrinks) and the calls that come next with a little more time.
 *
 * The margin is a tenth of the budget. It has to span how far apart in their calls the statements
 * sharing a connection are: under load a checkout's statements at order run hundreds of
 * milliseconds apart, and a fixed 25 ms margin then fitted almost none of them (order still sent
 * about four SETs per checkout at a p50 of 250 ms); a tenth fitted nearly all (0.03-0.56 per
 * checkout at p50s of 39-622 ms). A
 * statement still running in the last tenth of its call's budget is cut that much early: the call
 * was failing anyway, and its callers keep margins of their own. A pool serving two budgets (5 s
 * reads, 10 s checkouts) still sets its value again when they alternate on a connection.
 *
 * The alternative, a cancel request when the call's context ends, was not taken: each cancel is a
 * new connection to Postgres and a forked backend to serve it, and the connection must then be
 * destroyed (a late cancel would hit its next statement) and opened again; under overload, when
 * deadlines pass by the hundred, that is most work for Postgres exactly when it has least to spare.
 */

/** The share of a statement's budget by which the value in force may cut it early. */
const MARGIN_FRACTION = 0.1;

/** A statement's bound: the most it may run, and how much earlier the value in force may cut it. */
export interface StatementBound {
  limitMs: number;
  marginMs: number;
}

/** The session-level statement_timeout each connection was last given by the chassis (ms). */
const carried = new WeakMap<pg.ClientBase, number>();

/**
 * The bound of a statement issued now: the call's remaining budget in whole milliseconds, capped
 * by the pool's own statement_timeout; undefined outside any budget (workers, migrations), where
 * the pool's default applies.
 */
export function boundNow(pool: pg.Pool): StatementBound | undefined {
  const left = remainingMs();
  if (left === undefined) return undefined;
  const limitMs = Math.min(Math.max(1, Math.floor(left)), poolDefault(pool)); // 0 would mean "no timeout"
  return { limitMs, marginMs: limitMs * MARGIN_FRACTION };
}

/** Whether `valueMs` in force bounds a statement within `bound`: never past its limit, at most the margin before it. */
export function fits(valueMs: number, bound: StatementBound): boolean {
  return valueMs <= bound.limitMs && valueMs >= bound.limitMs - bound.marginMs;
}

/** The value to install for `bound`: half a margin below its limit (above). */
export function valueFor(bound: StatementBound): number {
  return Math.max(1, Math.floor(bound.limitMs - bound.marginMs / 2));
}

/** The statement_timeout `client` has in force outside a transaction (Infinity: none). */
export function carriedBy(pool: pg.Pool, client: pg.ClientBase): number {
  return carried.get(client) ?? poolDefault(pool);
}

/** Whether `client` carries a value other than the pool's default. */
export function carriesBudget(client: pg.ClientBase): boolean {
  return carried.has(client);
}

/** Records what a successful session-level SET (a number) or RESET (undefined) left on `client`. */
export function remember(client: pg.ClientBase, valueMs: number | undefined): void {
  if (valueMs === undefined) carried.delete(client);
  else carried.set(client, valueMs);
}

/** The pool's own statement_timeout, every connection's value at start (Infinity: none). */
function poolDefault(pool: pg.Pool): number {
  const value = pool.options.statement_timeout;
  return typeof value === 'number' && value > 0 ? value : Infinity;
}
