import { DeadlineExceededError, runWithContext } from '@shop/context';
import { freshDatabase, type FreshDatabase } from '@shop/testing';
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPool, query, withTransaction } from '../src';

/** Runs `fn` inside a call whose deadline is `ms` from now, as a gRPC handler would. */
function withDeadline<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  return runWithContext({ deadline: Date.now() + ms, signal: new AbortController().signal }, fn);
}

/**
 * A loopback proxy in front of Postgres that reads what the client sends: the text of every simple
 * query, and of every statement executed through the extended protocol. What reaches the server is
 * what it runs, so the statements a call costs are counted where they are paid.
 */
async function startStatementCounter(target: URL): Promise<{ port: number; sent: string[]; close(): Promise<void> }> {
  const sent: string[] = [];
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    client.on('error', () => upstream.destroy()).on('close', () => upstream.destroy());
    upstream.on('error', () => client.destroy()).on('close', () => client.destroy());
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    let buffer = Buffer.alloc(0);
    let started = false;
    const texts = new Map<string, string>();
    let bound = '';
    const cstring = (body: Buffer, from: number): [string, number] => {
      const end = body.indexOf(0, from);
      return [body.toString('utf8', from, end), end + 1];
    };
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!started) {
          // The startup message has no type byte (an SSL request, answered 'N', comes before it).
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) return;
          if (buffer.readInt32BE(4) !== 80877103) started = true;
          buffer = buffer.subarray(length);
          continue;
        }
        if (buffer.length < 5) return;
        const length = buffer.readInt32BE(1);
        if (buffer.length < length + 1) return;
        const type = String.fromCharCode(buffer[0]!);
        const body = buffer.subarray(5, length + 1);
        buffer = buffer.subarray(length + 1);
        if (type === 'Q') sent.push(cstring(body, 0)[0]);
        if (type === 'P') {
          const [name, next] = cstring(body, 0);
          texts.set(name, cstring(body, next)[0]);
        }
        if (type === 'B') bound = cstring(body, cstring(body, 0)[1])[0];
        if (type === 'E') sent.push(texts.get(bound) ?? '?');
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    sent,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('the statement_timeout a connection carries', () => {
  let db: FreshDatabase;
  let counter: Awaited<ReturnType<typeof startStatementCounter>>;
  let pool: pg.Pool;
  let url: string;

  beforeAll(async () => {
    db = await freshDatabase('db_timeouts');
    counter = await startStatementCounter(new URL(db.url));
    const through = new URL(db.url);
    through.port = String(counter.port);
    url = through.toString();
  });
  afterAll(async () => {
    await counter?.close();
    await db?.drop();
  });
  beforeEach(() => {
    // One connection: every statement meets the value its predecessor left on it.
    pool = createPool({ connectionString: url, applicationName: 'db-test-timeouts', max: 1 });
  });
  afterEach(async () => {
    await pool.end();
    counter.sent.length = 0;
  });

  const settings = () => counter.sent.filter((text) => /^(SET|RESET) statement_timeout|SET LOCAL statement_timeout/.test(text));

  /**
   * Runs `fn` with the clock stopped (Postgres still runs in real time): what is left of a budget
   * then depends on no machine's speed, so which values fit is the rule's alone.
   */
  async function atStoppedClock<T>(fn: () => Promise<T>): Promise<T> {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      return await fn();
    } finally {
      vi.useRealTimers();
    }
  }

  it('is set once for the statements whose budget it fits, and never reset', async () => {
    const shown = await atStoppedClock(() =>
      withDeadline(5_000, async () => {
        for (let n = 0; n < 5; n++) await query(pool, 'SELECT $1::int AS n', [n]);
        return (await query<{ value: string }>(pool, "SELECT current_setting('statement_timeout') AS value")).rows[0]?.value;
      }),
    );
    expect(settings()).toHaveLength(1);
    expect(settings()[0]).toMatch(/^SET statement_timeout = \d+$/);
    expect(counter.sent.filter((text) => text === 'SELECT $1::int AS n')).toHaveLength(5);
    // Never past the budget, at most the margin (a tenth) before it.
    const value = Number(/^(\d+)ms$/.exec(shown ?? '')?.[1]);
    expect(value).toBeLessThanOrEqual(5_000);
    expect(value).toBeGreaterThanOrEqual(4_500);
  });

  it('never cuts a statement short with the shorter value an earlier call left', async () => {
    await withDeadline(300, () => query(pool, 'SELECT 1'));
    const { rows } = await withDeadline(5_000, () => query<{ done: boolean }>(pool, 'SELECT pg_sleep(0.6) IS NOT NULL AS done'));
    expect(rows).toEqual([{ done: true }]);
    expect(settings()).toHaveLength(2);
  });

  it('never lets a statement outlast its budget under the longer value an earlier call left', async () => {
    await withDeadline(5_000, () => query(pool, 'SELECT 1'));
    const started = Date.now();
    const error = await withDeadline(300, () => query(pool, 'SELECT pg_sleep(5)')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("runs a statement with no budget under the pool's default after a budgeted one", async () => {
    const bounded = createPool({ connectionString: url, applicationName: 'db-test-timeouts-default', max: 1, statementTimeoutMs: 3_000 });
    try {
      await withDeadline(300, () => query(bounded, 'SELECT 1'));
      const { rows } = await query<{ value: string; slept: boolean }>(
        bounded,
        "SELECT current_setting('statement_timeout') AS value, pg_sleep(0.5) IS NOT NULL AS slept",
      );
      expect(rows).toEqual([{ value: '3s', slept: true }]);
      expect(settings()).toEqual([expect.stringMatching(/^SET statement_timeout = \d+$/), 'RESET statement_timeout']);
      // Back at the default, the next statement with no budget needs nothing.
      await query(bounded, 'SELECT 1');
      expect(settings()).toHaveLength(2);
    } finally {
      await bounded.end();
    }
  });

  it('needs no SET LOCAL in a transaction whose connection carries a fitting value, and leaves that value as it was', async () => {
    await atStoppedClock(() =>
      withDeadline(5_000, async () => {
        await query(pool, 'SELECT 1');
        await withTransaction(pool, (tx) => tx.query('SELECT 2'));
      }),
    );
    expect(counter.sent.filter((text) => text !== 'SELECT 1' && text !== 'SELECT 2')).toEqual([
      expect.stringMatching(/^SET statement_timeout = \d+$/),
      'BEGIN',
      'COMMIT',
    ]);

    // A shorter budget is set for the transaction alone: the statement after it needs no SET.
    const error = await withDeadline(300, () => withTransaction(pool, (tx) => tx.query('SELECT pg_sleep(5)'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineExceededError);
    await atStoppedClock(() => withDeadline(5_000, () => query(pool, 'SELECT 3')));
    expect(settings()).toEqual([expect.stringMatching(/^SET statement_timeout = \d+$/), expect.stringMatching(/^BEGIN; SET LOCAL statement_timeout = \d+$/)]);
  });

  it("runs a transaction with no budget under the pool's default on a connection that carries a budget", async () => {
    await withDeadline(300, () => query(pool, 'SELECT 1'));
    const slept = await withTransaction(pool, async (tx) => (await tx.query<{ slept: boolean }>('SELECT pg_sleep(0.5) IS NOT NULL AS slept')).rows);
    expect(slept).toEqual([{ slept: true }]);
  });
});
