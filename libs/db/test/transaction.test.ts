import { DeadlineExceededError, runWithContext } from '@shop/context';
import { freshDatabase, type FreshDatabase } from '@shop/testing';
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPool, poolStats, query, withTransaction } from '../src';

/** Runs `fn` inside a call whose deadline is `ms` from now, as a gRPC handler would. */
function withDeadline<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  return runWithContext({ deadline: Date.now() + ms, signal: controller.signal }, fn).finally(() =>
    clearTimeout(timer),
  );
}

describe('withTransaction and query', () => {
  let db: FreshDatabase;
  let pool: pg.Pool;
  let observer: pg.Pool;

  beforeAll(async () => {
    db = await freshDatabase('db_tx');
    pool = createPool({ connectionString: db.url, applicationName: 'db-test', max: 5 });
    observer = createPool({ connectionString: db.url, applicationName: 'db-test-observer', max: 2 });
    await pool.query('CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)');
  });
  afterAll(async () => {
    await pool?.end();
    await observer?.end();
    await db?.drop();
  });
  beforeEach(async () => {
    await pool.query('TRUNCATE accounts');
    await pool.query('INSERT INTO accounts VALUES (1, 100), (2, 100)');
  });

  const balances = async () =>
    (await pool.query<{ balance: number }>('SELECT balance FROM accounts ORDER BY id')).rows.map((r) => r.balance);

  it('commits what the function did', async () => {
    const result = await withTransaction(pool, async (tx) => {
      await tx.query('UPDATE accounts SET balance = balance - 30 WHERE id = 1');
      await tx.query('UPDATE accounts SET balance = balance + 30 WHERE id = 2');
      return 'moved';
    });
    expect(result).toBe('moved');
    expect(await balances()).toEqual([70, 130]);
  });

  it('rolls back everything when the function throws, and returns the connection', async () => {
    await expect(
      withTransaction(pool, async (tx) => {
        await tx.query('UPDATE accounts SET balance = 0 WHERE id = 1');
        throw new Error('business rule says no');
      }),
    ).rejects.toThrow('business rule says no');
    expect(await balances()).toEqual([100, 100]);
    expect(poolStats(pool).total).toBe(poolStats(pool).idle);
  });

  it('retries a serialization failure and then succeeds', async () => {
    // Two serializable transactions read both rows, then each writes one: a write skew that
    // Postgres must refuse for one of them (40001). The loser is re-run and sees the winner's write.
    let attempts = 0;
    let bothRead!: () => void;
    const barrier = new Promise<void>((resolve) => (bothRead = resolve));
    let readers = 0;
    const arrive = async () => {
      readers++;
      if (readers === 2) bothRead();
      await Promise.race([barrier, new Promise((resolve) => setTimeout(resolve, 1_000))]);
    };

    const transfer = (from: number) =>
      withTransaction(
        pool,
        async (tx) => {
          attempts++;
          const { rows } = await tx.query<{ total: string }>('SELECT sum(balance) AS total FROM accounts');
          await arrive();
          // Withdraw only if the combined balance allows it (the invariant: total stays >= 100).
          if (Number(rows[0]?.total) - 100 >= 100) {
            await tx.query('UPDATE accounts SET balance = balance - 100 WHERE id = $1', [from]);
          }
        },
        { isolation: 'serializable' },
      );

    await Promise.all([transfer(1), transfer(2)]);
    expect(attempts).toBe(3); // two first attempts, one retry of the transaction that lost
    expect((await balances()).reduce((a, b) => a + b)).toBe(100); // exactly one withdrawal
  });

  it('gives up after maxAttempts and surfaces the serialization failure', async () => {
    let attempts = 0;
    await expect(
      withTransaction(
        pool,
        async () => {
          attempts++;
          throw Object.assign(new Error('could not serialize access'), { code: '40001' });
        },
        { maxAttempts: 3 },
      ),
    ).rejects.toMatchObject({ code: '40001' });
    expect(attempts).toBe(3);
  });

  it('cancels a slow statement in Postgres when the call budget runs out', async () => {
    const started = Date.now();
    const error = await withDeadline(200, () =>
      withTransaction(pool, (tx) => tx.query("SELECT pg_sleep(5), 'marker-tx' AS marker")),
    ).catch((e: unknown) => e);
    const elapsed = Date.now() - started;

    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect((error as Error & { cause?: { code?: string } }).cause?.code).toBe('57014');
    expect(elapsed).toBeLessThan(1_500);
    await expectNotRunning('marker-tx');
  });

  it('bounds a single query() the same way, and leaves the connection with its default timeout', async () => {
    const started = Date.now();
    const error = await withDeadline(200, () => query(pool, "SELECT pg_sleep(5), 'marker-q' AS marker")).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(Date.now() - started).toBeLessThan(1_500);
    await expectNotRunning('marker-q');

    // The session-level timeout of that query must not leak to the next user of any connection.
    await new Promise((resolve) => setTimeout(resolve, 50)); // the RESET runs after the caller returns
    const settings = await Promise.all(
      Array.from({ length: 5 }, () => pool.query<{ statement_timeout: string }>('SHOW statement_timeout')),
    );
    expect(settings.map((s) => s.rows[0]?.statement_timeout)).toEqual(Array(5).fill('0'));
  });

  it('bounds later statements of a transaction by what is left, not by the budget at BEGIN', async () => {
    const started = Date.now();
    const error = await withDeadline(600, () =>
      withTransaction(pool, async (tx) => {
        await tx.query('SELECT pg_sleep(0.4)'); // uses most of the budget
        await tx.query('SELECT pg_sleep(5)'); // must be cut off at the deadline, not 600 ms later
      }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(Date.now() - started).toBeLessThan(850);
  });

  it('starts no work when the budget is already spent', async () => {
    const connect = vi.spyOn(pool, 'connect');
    const poolQuery = vi.spyOn(pool, 'query');
    let ran = false;
    const expired = runWithContext({ deadline: Date.now() - 1, signal: AbortSignal.abort() }, async () => {
      await expect(
        withTransaction(pool, async () => {
          ran = true;
        }),
      ).rejects.toBeInstanceOf(DeadlineExceededError);
      await expect(query(pool, 'SELECT 1')).rejects.toBeInstanceOf(DeadlineExceededError);
    });
    await expired;
    expect(ran).toBe(false);
    expect(connect).not.toHaveBeenCalled();
    expect(poolQuery).not.toHaveBeenCalled();
    connect.mockRestore();
    poolQuery.mockRestore();
  });

  it('survives the server killing the connection mid-transaction, and the pool recovers', async () => {
    const error = await withTransaction(pool, async (tx) => {
      const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await observer.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
      await tx.query('SELECT 1');
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    // The broken connection was destroyed, not returned: every pooled connection still works.
    const results = await Promise.all(Array.from({ length: 5 }, () => pool.query('SELECT 1 AS ok')));
    expect(results.every((r) => r.rows[0]?.ok === 1)).toBe(true);
  });

  it('works outside any call context, bounded only by the pool default', async () => {
    const { rows } = await query<{ n: number }>(pool, 'SELECT $1::int AS n', [7]);
    expect(rows).toEqual([{ n: 7 }]);
  });

  it('maps a pool-level statement_timeout to a plain Postgres error, not a deadline', async () => {
    const strict = createPool({ connectionString: db.url, applicationName: 'db-test-strict', statementTimeoutMs: 100 });
    try {
      await expect(withDeadline(5_000, () => query(strict, 'SELECT pg_sleep(1)'))).rejects.toMatchObject({
        code: '57014',
      });
    } finally {
      await strict.end();
    }
  });

  /**
   * The backend reports itself idle a moment after the client has the error, so poll briefly; a
   * statement that was not cancelled would stay active for the whole pg_sleep(5).
   */
  async function expectNotRunning(marker: string): Promise<void> {
    const active = async () => {
      const { rows } = await observer.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE query LIKE $1 AND pid <> pg_backend_pid() AND state = 'active'",
        [`%${marker}%`],
      );
      return Number(rows[0]?.n);
    };
    await expect.poll(active, { timeout: 1_000, interval: 20 }).toBe(0);
  }
});
