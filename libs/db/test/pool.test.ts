import { freePort, freshDatabase, type FreshDatabase } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDatabase, createPool, poolStats } from '../src';

describe('createPool', () => {
  let db: FreshDatabase;
  beforeAll(async () => {
    db = await freshDatabase('db_pool');
  });
  afterAll(() => db?.drop());

  it('sets application_name and stays within max connections', async () => {
    const pool = createPool({ connectionString: db.url, applicationName: 'pool-test', max: 2 });
    try {
      const names = await Promise.all(
        Array.from({ length: 6 }, () =>
          pool.query<{ name: string }>("SELECT current_setting('application_name') AS name, pg_sleep(0.05)"),
        ),
      );
      expect(new Set(names.map((r) => r.rows[0]?.name))).toEqual(new Set(['pool-test']));
      expect(poolStats(pool).total).toBeLessThanOrEqual(2);
      expect(poolStats(pool)).toEqual({ total: 2, idle: 2, waiting: 0 });
    } finally {
      await pool.end();
    }
  });

  it('survives the server killing an idle connection, reporting it through onError', async () => {
    const errors: Error[] = [];
    const pool = createPool({ connectionString: db.url, applicationName: 'pool-victim', onError: (e) => errors.push(e) });
    const killer = createPool({ connectionString: db.url, applicationName: 'pool-killer' });
    try {
      await pool.query('SELECT 1');
      await killer.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'pool-victim'");
      await expect.poll(() => errors.length).toBeGreaterThan(0);
      // The pool replaced the dead connection; the process is still alive to see this.
      expect((await pool.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    } finally {
      await pool.end();
      await killer.end();
    }
  });

  it('checkDatabase is true for a reachable database and false, quickly, for an unreachable one', async () => {
    const good = createPool({ connectionString: db.url, applicationName: 'ready' });
    const bad = createPool({
      connectionString: `postgres://postgres:postgres@127.0.0.1:${await freePort()}/nowhere`,
      applicationName: 'ready',
    });
    try {
      expect(await checkDatabase(good)).toBe(true);
      const started = Date.now();
      expect(await checkDatabase(bad, 500)).toBe(false);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      await good.end();
      await bad.end();
    }
  });
});
