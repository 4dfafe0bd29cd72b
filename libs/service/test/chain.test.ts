import { Metadata, status } from '@grpc/grpc-js';
import { runWithContext } from '@shop/context';
import { freshDatabase, startOtlpReceiver, type FreshDatabase, type OtlpReceiver, type RunningApp } from '@shop/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, failure, relayClient, startRelay } from './support/relay';

/** What each chassis client takes off the caller's remaining time (ClientOptions.deadlineMarginMs). */
const DEADLINE_MARGIN_MS = 5;

/**
 * Three chassis processes in a chain, A → B → C, as three services of shop would be: what the first
 * caller sets (deadline, cancellation, trace) must reach the third.
 */
describe('a chain of three services', () => {
  let db: FreshDatabase;
  let otlp: OtlpReceiver;
  let a: RunningApp, b: RunningApp, c: RunningApp;
  let hops: string[];

  beforeAll(async () => {
    db = await freshDatabase('chain');
    otlp = await startOtlpReceiver();
    const env = {
      DATABASE_URL: db.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    };
    [a, b, c] = await Promise.all([
      startRelay('relay-a', env),
      startRelay('relay-b', env),
      startRelay('relay-c', env),
    ]);
    hops = [b.grpcAddress, c.grpcAddress];
  });

  afterAll(async () => {
    await Promise.all([a, b, c].map((app) => app?.stop()));
    await otlp?.close();
    await db?.drop();
  });

  it("carries the first caller's deadline to the third service, never a fresh budget", async () => {
    const client = relayClient(a.grpcAddress);
    const sentAt = Date.now();
    const response = await client.relay({ key: 'deadline', nextHops: hops }, { timeoutMs: 2000 });
    const answeredAt = Date.now();
    client.close();
    expect(response.hops.map((hop) => hop.name)).toEqual(['relay-a', 'relay-b', 'relay-c']);
    // gRPC sends the time left (rounded up) and each receiver adds it to its own clock when it reads
    // the headers, so a hop's deadline is the caller's, less the 5 ms margin each hop before it
    // keeps, plus however long the headers took to be read (never more than the whole call took).
    // A hop that started a budget of its own (5 s by default) would be past the upper bound.
    const callerDeadline = { earliest: sentAt + 2000, latest: answeredAt + 2000 };
    response.hops.forEach((hop, index) => {
      expect(hop.deadlineMs, hop.name).toBeGreaterThanOrEqual(callerDeadline.earliest - DEADLINE_MARGIN_MS * index);
      expect(hop.deadlineMs, hop.name).toBeLessThanOrEqual(callerDeadline.latest + (answeredAt - sentAt));
    });
  });

  it('cancels the downstream calls when the first call is cancelled', async () => {
    const client = relayClient(a.grpcAddress);
    const controller = new AbortController();
    const call = runWithContext({ deadline: Date.now() + 10_000, signal: controller.signal }, () =>
      client.relay({ key: 'cancel', nextHops: hops, leafSleepMs: 10_000 }),
    );
    // Wait until the leaf has the call, then hang up.
    const leaf = relayClient(c.grpcAddress);
    expect(await eventually(async () => (await leaf.getStats({ key: 'cancel' })).attempts === 1)).toBe(true);
    controller.abort();
    expect((await failure(call)).code).toBe(status.CANCELLED);
    expect(await eventually(async () => (await leaf.getStats({ key: 'cancel' })).cancelled === 1, 3000)).toBe(true);
    const middle = relayClient(b.grpcAddress);
    expect((await middle.getStats({ key: 'cancel' })).cancelled).toBe(1);
    for (const closable of [client, leaf, middle]) closable.close();
  });

  it('fails a call to a stalled leaf with DEADLINE_EXCEEDED at its budget, not later', async () => {
    const client = relayClient(a.grpcAddress);
    const started = Date.now();
    const error = await failure(client.relay({ key: 'stall', nextHops: hops, leafSleepMs: 10_000 }, { timeoutMs: 500 }));
    const elapsed = Date.now() - started;
    client.close();
    expect(error.code).toBe(status.DEADLINE_EXCEEDED);
    expect(elapsed).toBeGreaterThanOrEqual(490);
    expect(elapsed).toBeLessThan(1500);
  });

  it('cancels a slow SQL statement when the budget runs out', async () => {
    const client = relayClient(a.grpcAddress);
    const started = Date.now();
    const error = await failure(
      client.relay({ key: 'sql', nextHops: hops, leafSqlSleepMs: 10_000 }, { timeoutMs: 600 }),
    );
    client.close();
    expect(error.code).toBe(status.DEADLINE_EXCEEDED);
    expect(Date.now() - started).toBeLessThan(2000);
    const leaf = relayClient(c.grpcAddress);
    expect(await eventually(async () => (await leaf.getStats({ key: 'sql' })).sqlCancelled === 1, 3000)).toBe(true);
    leaf.close();
    // And Postgres is no longer running it.
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    const sleeping = await admin.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%' AND state = 'active'",
    );
    await admin.end();
    expect(sleeping.rows[0].n).toBe(0);
  });

  it('records one trace across the three processes, and logs carry its trace_id', async () => {
    const client = relayClient(a.grpcAddress);
    const metadata = new Metadata();
    metadata.set('authorization', 'Bearer secret-token-value');
    const response = await client.relay(
      { key: 'trace', nextHops: hops, password: 'hunter2-password', cardNumber: '4242424242424242' },
      { metadata },
    );
    client.close();
    const traceIds = new Set(response.hops.map((hop) => hop.traceId));
    expect(traceIds.size).toBe(1);
    const [traceId] = [...traceIds];
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    // Spans from all three services reach the collector under that one trace.
    expect(
      await eventually(() => new Set(otlp.spans.filter((s) => s.traceId === traceId).map((s) => s.service)).size === 3),
    ).toBe(true);
    const services = new Set(otlp.spans.filter((s) => s.traceId === traceId).map((s) => s.service));
    expect(services).toEqual(new Set(['relay-a', 'relay-b', 'relay-c']));

    // Every hop's log lines for the call carry the trace id (they reach stdout within the logger's
    // flush interval); secrets never reach them.
    const logged = (app: RunningApp, msg: string) => app.process.logs.some((log) => log['trace_id'] === traceId && log['msg'] === msg);
    expect(await eventually(() => [a, b, c].every((app) => logged(app, 'relay request') && logged(app, 'rpc handled')))).toBe(true);
    for (const app of [a, b, c]) {
      const lines = app.process.logs.filter((log) => log['trace_id'] === traceId);
      expect(lines.map((log) => log['msg'])).toEqual(expect.arrayContaining(['relay request', 'rpc handled']));
      const text = app.process.output();
      expect(text).not.toContain('hunter2-password');
      expect(text).not.toContain('4242424242424242');
      expect(text).not.toContain('secret-token-value');
      const request = lines.find((log) => log['msg'] === 'relay request')?.['request'] as Record<string, unknown>;
      expect(request['password']).toBe('[REDACTED]');
      expect(request['cardNumber']).toBe('[REDACTED]');
      const metadata = lines.find((log) => log['msg'] === 'relay request')?.['metadata'] as Record<string, unknown>;
      if (app === a) expect(metadata['authorization']).toBe('[REDACTED]');
    }
  });

  it('carries a trace its caller did not sample through every hop: no span recorded, log lines keep its ids', async () => {
    const traceId = '5bf7651916cd43dd8448eb211c80319c';
    const callerSpanId = 'c7ad6b7169203331';
    const client = relayClient(a.grpcAddress);
    const metadata = new Metadata();
    metadata.set('traceparent', `00-${traceId}-${callerSpanId}-00`);
    const response = await client.relay({ key: 'trace-unsampled', nextHops: hops }, { metadata });
    expect(response.hops.map((hop) => hop.traceId)).toEqual([traceId, traceId, traceId]);

    // Every hop logs under the caller's trace and span ids: no hop made ids of its own.
    const logged = (app: RunningApp) =>
      app.process.logs.some((log) => log['trace_id'] === traceId && log['span_id'] === callerSpanId && log['msg'] === 'rpc handled');
    expect(await eventually(() => [a, b, c].every(logged))).toBe(true);

    // A sampled call after it reaches the collector from all three; the unsampled one never does.
    const sampled = await client.relay({ key: 'trace-sampled-after', nextHops: hops });
    client.close();
    const sampledTrace = sampled.hops[0]!.traceId;
    expect(await eventually(() => new Set(otlp.spans.filter((s) => s.traceId === sampledTrace).map((s) => s.service)).size === 3)).toBe(true);
    expect(otlp.spans.filter((s) => s.traceId === traceId)).toEqual([]);
  });

  it('retries an idempotent call across one UNAVAILABLE, and never a non-idempotent one', async () => {
    const client = relayClient(a.grpcAddress);
    const middle = relayClient(b.grpcAddress);
    const flaky = { nextHops: [b.grpcAddress], leafFailCode: status.UNAVAILABLE, leafFailTimes: 1 };
    const response = await client.relay({ ...flaky, key: 'retry-idempotent' });
    expect(response.hops.map((hop) => hop.name)).toEqual(['relay-a', 'relay-b']);
    expect((await middle.getStats({ key: 'retry-idempotent' })).attempts).toBe(2);

    expect((await failure(client.relayOnce({ ...flaky, key: 'retry-once' }))).code).toBe(status.UNAVAILABLE);
    expect((await middle.getStats({ key: 'retry-once' })).attempts).toBe(1);
    client.close();
    middle.close();
  });

  it('exposes gRPC RED metrics, client and server side, and breaker state on /metrics', async () => {
    const text = await (await fetch(`http://127.0.0.1:${a.adminPort}/metrics`)).text();
    expect(text).toMatch(
      /grpc_server_handled_total\{[^}]*grpc_service="shop\.testing\.v1\.RelayService"[^}]*grpc_method="Relay"[^}]*grpc_code="OK"[^}]*\} [1-9]/,
    );
    expect(text).toMatch(/grpc_server_handling_seconds_bucket\{[^}]*grpc_method="Relay"/);
    expect(text).toMatch(/grpc_client_handled_total\{[^}]*grpc_method="Relay"[^}]*\} [1-9]/);
    // Every method's series exist from the start, at zero, for every code.
    expect(text).toMatch(/grpc_server_handled_total\{[^}]*grpc_method="GetStats"[^}]*grpc_code="Unavailable"[^}]*\} 0/);
    expect(text).toMatch(/circuit_breaker_state\{[^}]*target="relay-next"[^}]*\} 0/);
    expect(text).toMatch(/pg_pool_connections/);
  });
});
