import type pg from 'pg';
import { SqlState, sqlState } from './errors';

/**
 * Named (prepared) statements: Postgres parses and plans a named statement once per connection and
 * then only binds and runs it, where an unnamed one is parsed and planned on every execution (the
 * saga's `UPDATE … RETURNING` is planned in about as long as it runs). Every statement the chassis
 * runs for a caller gets a name derived from its text, process-wide.
 *
 * The price: a connection keeps the plan of every statement it ran, and a schema change that alters
 * a statement's result (a column added under `SELECT *`, a column's type changed) makes Postgres
 * refuse it with "cached plan must not change result type" (SQLSTATE 0A000) until it is prepared
 * again; nothing of the statement ran. `forgetStatements` then moves every statement to a new name, so
 * that each connection prepares it afresh, and the caller runs the statement (or its whole
 * transaction) once more. Transaction-pooling proxies that do not track prepared statements
 * (PgBouncer before 1.21) break them: `DB_PREPARED_STATEMENTS=false` turns them off.
 */

/** Beyond this many distinct texts (a bug building SQL from values), statements go unnamed. */
const MAX_NAMED = 1_000;

let generation = 0;
const names = new Map<string, string>();

/** A pg query for `text`, named when `prepared` and the text is one of at most MAX_NAMED. */
export function statement(text: string, values: readonly unknown[] | undefined, prepared: boolean): pg.QueryConfig {
  const config: pg.QueryConfig = { text, values: values as unknown[] | undefined };
  if (!prepared) return config;
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED) {
    name = `shop_${generation}_${names.size}`;
    names.set(text, name);
  }
  if (name !== undefined) config.name = name;
  return config;
}

/** True when `error` is Postgres refusing a named statement whose cached plan a schema change invalidated. */
export function isStalePlan(error: unknown, config: pg.QueryConfig): boolean {
  return config.name !== undefined && sqlState(error) === SqlState.featureNotSupported && /cached plan/.test((error as Error).message);
}

/**
 * After a stale plan: every statement gets a new name, so every connection prepares it again (the old
 * ones stay on their connections, unused, until those close). Only the first report of a generation
 * moves it on: calls that failed with it concurrently find the new names already in place.
 */
export function forgetStatements(config: pg.QueryConfig): void {
  if (config.name === undefined || !config.name.startsWith(`shop_${generation}_`)) return;
  generation++;
  names.clear();
}
