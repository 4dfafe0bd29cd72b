import { status } from '@grpc/grpc-js';
import {
  freshDatabase,
  startTcpProxy,
  startTsxProcess,
  type FreshDatabase,
  type RunningApp,
  type TcpProxy,
} from '@shop/testing';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, failure, healthClient, relayClient, sleep, startRelay } from './support/relay';

describe('health follows the app’s own database', () => {
  let db: FreshDatabase;
  let proxy: TcpProxy;
  let app: RunningApp;

  beforeAll(async () => {
    db = await freshDatabase('health');
    const url = new URL(db.url);
    proxy = await startTcpProxy(url.hostname, Number(url.port));
    url.host = `127.0.0.1:${proxy.port}`;
    app = await startRelay('relay-health', { DATABASE_URL: url.toString(), READINESS_INTERVAL_MS: '200' });
  });

  afterAll(async () => {
    await app?.process.kill();
    await proxy?.close();
    await db?.drop();
  });

  it('is SERVING with the database up and NOT_SERVING while it is unreachable', async () => {
    const health = healthClient(app.grpcAddress);
    const state = async () => (await health.check({ service: '' })).status;
    const readyz = async () => (await fetch(`http://127.0.0.1:${app.adminPort}/readyz`)).status;
    expect(await eventually(async () => (await state()) === 'SERVING')).toBe(true);
    expect(await readyz()).toBe(200);
    expect((await health.check({ service: 'shop.testing.v1.RelayService' })).status).toBe('SERVING');

    proxy.block();
    expect(await eventually(async () => (await state()) === 'NOT_SERVING')).toBe(true);
    expect(await readyz()).toBe(503);
    // Still alive: liveness must not restart a pod whose database is away.
    expect((await fetch(`http://127.0.0.1:${app.adminPort}/healthz`)).status).toBe(200);

    proxy.unblock();
    expect(await eventually(async () => (await state()) === 'SERVING')).toBe(true);
    expect(await readyz()).toBe(200);
    health.close();
  });
});

describe('Postgres going away during start-up', () => {
  it('fails the migration and exits 1 with the reason, instead of dying of an unhandled pg error event', async () => {
    const db = await freshDatabase('migrate-outage');
    const url = new URL(db.url);
    const proxy = await startTcpProxy(url.hostname, Number(url.port));
    url.host = `127.0.0.1:${proxy.port}`;
    // Hold node-pg-migrate's advisory lock, so the app's migration waits on it, mid-start-up.
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock(7241865325823964)');
    const app = startTsxProcess(join(__dirname, 'fixtures', 'relay-app.ts'), { RELAY_NAME: 'relay-migrate', DATABASE_URL: url.toString() });
    try {
      const waiting = async () =>
        (await holder.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)).rowCount === 1;
      expect(await eventually(waiting, 20_000)).toBe(true);
      proxy.block(); // the connection drops under the waiting migration

      const exit = await app.exited;
      expect(exit.code).toBe(1);
      expect(app.output()).not.toContain("Unhandled 'error' event");
      expect(app.logs.map((log) => log['msg'])).toContain('failed to start');
    } finally {
      await app.kill();
      await holder.end();
      await proxy.close();
      await db.drop();
    }
  });
});

describe('graceful shutdown', () => {
  let db: FreshDatabase;

  beforeAll(async () => {
    db = await freshDatabase('shutdown');
  });
  afterAll(() => db?.drop());

  it('on SIGTERM reports NOT_SERVING, finishes the calls in flight and exits 0', async () => {
    const app = await startRelay('relay-shutdown', { DATABASE_URL: db.url, SHUTDOWN_DRAIN_MS: '500' });
    const client = relayClient(app.grpcAddress);
    const health = healthClient(app.grpcAddress);
    expect(await eventually(async () => (await health.check({})).status === 'SERVING')).toBe(true);

    const inFlight = Array.from({ length: 5 }, (_, i) => client.relay({ key: `slow-${i}`, leafSleepMs: 1500 }));
    await sleep(200);
    app.process.signal('SIGTERM');

    // During the drain the app says NOT_SERVING but still answers.
    expect(await eventually(async () => (await health.check({})).status === 'NOT_SERVING', 400)).toBe(true);
    const responses = await Promise.all(inFlight);
    expect(responses.every((response) => response.hops.length === 1)).toBe(true);

    const exit = await app.process.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(app.process.logs.map((log) => log['msg'])).toEqual(expect.arrayContaining(['shutting down', 'shut down']));
    // Gone: new calls find nobody.
    expect((await failure(client.relay({ key: 'after' }, { timeoutMs: 500 }))).code).toBe(status.UNAVAILABLE);
    client.close();
    health.close();
  });
});

describe('a failing start-up', () => {
  it('prints its last line before exiting 1 (stdout is asynchronous: the exit waits for the flush)', async () => {
    // Enabling diagnostics without their token fails start-up after the config is read.
    const child = startTsxProcess(join(__dirname, 'fixtures', 'relay-app.ts'), {
      RELAY_NAME: 'relay-fails',
      DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1:1/none',
      MIGRATE_ON_START: 'false',
      DIAGNOSTICS_ENABLED: 'true',
    });
    const exit = await child.exited;
    expect(exit.code).toBe(1);
    const last = child.logs.at(-1);
    expect(last?.['msg']).toBe('failed to start');
    expect(JSON.stringify(last?.['err'])).toContain('DIAGNOSTICS_TOKEN');
  });
});

describe('configuration', () => {
  it('fails fast with every bad variable listed at once', async () => {
    const child = startTsxProcess(join(__dirname, 'fixtures', 'relay-app.ts'), {
      PORT: 'not-a-port',
      ADMIN_PORT: '70000',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://nope',
    });
    const exit = await child.exited;
    expect(exit.code).toBe(78);
    const stderr = child.lines.filter((line) => line.stream === 'stderr').map((line) => line.text).join('\n');
    for (const name of ['PORT', 'ADMIN_PORT', 'LOG_LEVEL', 'DATABASE_URL']) expect(stderr).toContain(name);
  });
});
