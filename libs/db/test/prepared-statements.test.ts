import { runWithContext } from '@shop/context';
import { freshDatabase, type FreshDatabase } from '@shop/testing';
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPool, query, withTransaction } from '../src';

/** Runs `fn` inside a call with a deadline, as a gRPC handler would: `query` then pipelines its budget. */
function inCall<T>(fn: () => Promise<T>): Promise<T> {
  return runWithContext({ deadline: Date.now() + 5_000, signal: new AbortController().signal }, fn);
}

const PROBE = "SELECT statement FROM pg_prepared_statements WHERE name LIKE 'shop\\_%'";

describe('named statements', () => {
  let db: FreshDatabase;
  let pool: pg.Pool;
  let unnamed: pg.Pool;
  let admin: pg.Pool;

  beforeAll(async () => {
    db = await freshDatabase('db_prepared');
    // One connection each: every statement below meets the plans its predecessors left on it.
    pool = createPool({ connectionString: db.url, applicationName: 'db-test-prepared', max: 1, preparedStatements: true });
    unnamed = createPool({ connectionString: db.url, applicationName: 'db-test-unnamed', max: 1, preparedStatements: false });
    admin = createPool({ connectionString: db.url, applicationName: 'db-test-admin', max: 1 });
  });
  afterAll(async () => {
    await pool?.end();
    await unnamed?.end();
    await admin?.end();
    await db?.drop();
  });
  beforeEach(async () => {
    await admin.query('DROP TABLE IF EXISTS items');
    await admin.query('CREATE TABLE items (id int PRIMARY KEY, label text NOT NULL)');
    await admin.query("INSERT INTO items VALUES (1, 'one')");
  });

  /** The chassis's named statements on the pool's one connection, this probe left out. */
  const preparedOn = (target: pg.Pool) =>
    withTransaction(target, async (tx) => (await tx.query<{ statement: string }>(PROBE)).rows.map((row) => row.statement).filter((text) => text !== PROBE).sort());

  it('prepares the statements of query and withTransaction once per connection, and only when switched on', async () => {
    await query(pool, 'SELECT * FROM items WHERE id = $1', [1]);
    await inCall(() => query(pool, 'SELECT * FROM items WHERE id = $1', [1]));
    await withTransaction(pool, (tx) => tx.query('SELECT label FROM items WHERE id = $1', [1]));
    expect(await preparedOn(pool)).toEqual(['SELECT * FROM items WHERE id = $1', 'SELECT label FROM items WHERE id = $1']);

    await query(unnamed, 'SELECT * FROM items WHERE id = $1', [1]);
    await withTransaction(unnamed, (tx) => tx.query('SELECT label FROM items WHERE id = $1', [1]));
    expect(await preparedOn(unnamed)).toEqual([]);
  });

  it('runs a statement again, prepared afresh, when a schema change altered its result (0A000)', async () => {
    const read = () => query<Record<string, unknown>>(pool, 'SELECT * FROM items WHERE id = $1', [1]);
    expect((await read()).rows).toEqual([{ id: 1, label: 'one' }]);
    await admin.query("ALTER TABLE items ADD COLUMN colour text NOT NULL DEFAULT 'red'");
    expect((await read()).rows).toEqual([{ id: 1, label: 'one', colour: 'red' }]);

    await admin.query('ALTER TABLE items ALTER COLUMN id TYPE bigint');
    const inside = await inCall(() => query<Record<string, unknown>>(pool, 'SELECT * FROM items WHERE id = $1', [1]));
    expect(inside.rows).toEqual([{ id: '1', label: 'one', colour: 'red' }]);
  });

  it('runs a whole transaction again, once, when one of its statements went stale', async () => {
    const bodies: string[] = [];
    const move = () =>
      withTransaction(pool, async (tx) => {
        await tx.query("UPDATE items SET label = label || '+' WHERE id = $1", [1]);
        const { rows } = await tx.query<Record<string, unknown>>('SELECT * FROM items WHERE id = $1', [1]);
        bodies.push(String(rows[0]?.['label']));
        return rows[0];
      });
    expect(await move()).toEqual({ id: 1, label: 'one+' });
    await admin.query('ALTER TABLE items ADD COLUMN weight int NOT NULL DEFAULT 3');
    // The first run's UPDATE is rolled back with it: the label gains one '+', not two.
    expect(await move()).toEqual({ id: 1, label: 'one++', weight: 3 });
    expect(bodies).toEqual(['one+', 'one++']);
    const { rows } = await admin.query('SELECT label FROM items');
    expect(rows).toEqual([{ label: 'one++' }]);
  });
});
