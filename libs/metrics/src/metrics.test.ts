import { Counter } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics, gaugeFromCallback, registerPoolMetrics, startAdminServer, type AdminServer } from './index';

/** The value of the one series of `name` carrying (at least) `labels`, from exposition text. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^(\w+)\{(.*)\} (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const have = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(match[3]);
  }
  return undefined;
}

const call = { service: 'shop.orders.v1.Orders', method: 'PlaceOrder', type: 'unary' } as const;

describe('createMetrics', () => {
  it('creates a method\'s series at zero for every code before its first call', async () => {
    const { registry, grpcServer } = createMetrics({ service: 'orders', defaultMetrics: false });
    grpcServer.initialize({ ...call, method: 'CancelOrder' });
    const text = await registry.metrics();
    const labels = { grpc_service: call.service, grpc_method: 'CancelOrder' };
    expect(sample(text, 'grpc_server_started_total', labels)).toBe(0);
    for (const code of ['OK', 'Unavailable', 'Internal', 'DeadlineExceeded', 'Unknown', 'Unauthenticated']) {
      expect(sample(text, 'grpc_server_handled_total', { ...labels, grpc_code: code })).toBe(0);
    }
  });

  it("adds a bound method's calls to its counters whenever they are read, once each, however often it is bound", async () => {
    const { registry, grpcClient } = createMetrics({ service: 'orders', defaultMetrics: false });
    const labels = { grpc_service: call.service, grpc_method: call.method };
    const count = async () => {
      const text = await registry.metrics();
      return [sample(text, 'grpc_client_started_total', labels), sample(text, 'grpc_client_handled_total', { ...labels, grpc_code: 'Unavailable' })];
    };
    const first = grpcClient.bind(call);
    first.started();
    first.handled(14, 0.01);
    expect(await count()).toEqual([1, 1]);
    expect(await count()).toEqual([1, 1]);
    const again = grpcClient.bind(call);
    again.started();
    again.handled(14, 0.01);
    first.started();
    expect(await count()).toEqual([3, 2]);
    expect(sample(await registry.metrics(), 'grpc_client_handling_seconds_count', labels)).toBe(2);
  });

  it('records gRPC server, gRPC client and HTTP series under the names dashboards use', async () => {
    const { registry, grpcServer, grpcClient, http } = createMetrics({ service: 'orders' });
    grpcServer.started(call);
    grpcServer.observe({ ...call, code: 0, seconds: 0.012 });
    const bound = grpcServer.bind({ ...call, method: 'GetOrder' });
    bound.started();
    bound.handled(5, 0.003);
    bound.handled(5, 0.004);
    grpcClient.observe({ service: 'shop.catalog.v1.Catalog', method: 'GetProduct', type: 'unary', code: 14, seconds: 0.2 });
    http.observe({ method: 'POST', route: '/api/orders', status: 201, seconds: 0.05 });

    const text = await registry.metrics();
    const rpc = { grpc_type: 'unary', grpc_service: 'shop.orders.v1.Orders', service: 'orders' };
    expect(sample(text, 'grpc_server_started_total', { ...rpc, grpc_method: 'PlaceOrder' })).toBe(1);
    expect(sample(text, 'grpc_server_handled_total', { ...rpc, grpc_method: 'PlaceOrder', grpc_code: 'OK' })).toBe(1);
    expect(sample(text, 'grpc_server_handling_seconds_bucket', { ...rpc, grpc_method: 'PlaceOrder', le: '0.01' })).toBe(0);
    expect(sample(text, 'grpc_server_handling_seconds_bucket', { ...rpc, grpc_method: 'PlaceOrder', le: '0.025' })).toBe(1);
    expect(sample(text, 'grpc_server_handling_seconds_count', { ...rpc, grpc_method: 'PlaceOrder' })).toBe(1);
    expect(sample(text, 'grpc_server_started_total', { ...rpc, grpc_method: 'GetOrder' })).toBe(1);
    expect(sample(text, 'grpc_server_handled_total', { ...rpc, grpc_method: 'GetOrder', grpc_code: 'NotFound' })).toBe(2);
    expect(sample(text, 'grpc_server_handling_seconds_count', { ...rpc, grpc_method: 'GetOrder' })).toBe(2);
    const client = { grpc_type: 'unary', grpc_service: 'shop.catalog.v1.Catalog', grpc_method: 'GetProduct' };
    expect(sample(text, 'grpc_client_handled_total', { ...client, grpc_code: 'Unavailable' })).toBe(1);
    expect(sample(text, 'grpc_client_handling_seconds_sum', client)).toBe(0.2);
    const request = { http_request_method: 'POST', http_route: '/api/orders', http_response_status_code: '201', service: 'orders' };
    expect(sample(text, 'http_server_request_duration_seconds_count', request)).toBe(1);
    expect(sample(text, 'http_server_request_duration_seconds_bucket', { ...request, le: '0.05' })).toBe(1);
    // Runtime metrics land in the same registry, with the service label.
    expect(text).toMatch(/^process_cpu_user_seconds_total\{service="orders"\} /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{service="orders"\} /m);
  });

  it('gives each app its own registry: two never collide', async () => {
    const a = createMetrics({ service: 'a' });
    const b = createMetrics({ service: 'b' });
    a.grpcServer.observe({ ...call, code: 0, seconds: 0.1 });
    // Same metric name registered twice in one registry throws; separate registries are independent.
    new Counter({ name: 'orders_placed_total', help: 'x', registers: [a.registry] }).inc();
    new Counter({ name: 'orders_placed_total', help: 'x', registers: [b.registry] }).inc(2);
    const [textA, textB] = await Promise.all([a.registry.metrics(), b.registry.metrics()]);
    expect(textA).toContain('orders_placed_total{service="a"} 1');
    expect(textB).toContain('orders_placed_total{service="b"} 2');
    expect(sample(textA, 'grpc_server_handled_total', { service: 'a' })).toBe(1);
    expect(sample(textB, 'grpc_server_handled_total', {})).toBeUndefined();
  });

  it('exports pool usage from a callback, several pools per registry', async () => {
    const { registry } = createMetrics({ service: 'orders', defaultMetrics: false });
    let waiting = 0;
    registerPoolMetrics(registry, 'primary', () => ({ total: 10, idle: 3, waiting }));
    const unregister = registerPoolMetrics(registry, 'replica', () => ({ total: 2, idle: 2, waiting: 0 }));
    waiting = 4;
    let text = await registry.metrics();
    expect(sample(text, 'pg_pool_connections_open', { pool: 'primary', service: 'orders' })).toBe(10);
    expect(sample(text, 'pg_pool_connections_idle', { pool: 'primary' })).toBe(3);
    expect(sample(text, 'pg_pool_connections_waiting', { pool: 'primary' })).toBe(4);
    expect(sample(text, 'pg_pool_connections_open', { pool: 'replica' })).toBe(2);
    unregister();
    text = await registry.metrics();
    expect(text).not.toContain('pool="replica"');
    expect(() => registerPoolMetrics(registry, 'primary', () => ({ total: 0, idle: 0, waiting: 0 }))).toThrow(/already/);
  });

  it('reads callback gauges at scrape time', async () => {
    const { registry } = createMetrics({ service: 'x', defaultMetrics: false });
    let depth = 1;
    gaugeFromCallback({ registry, name: 'queue_depth', help: 'Items queued.', collect: () => depth });
    depth = 7;
    expect(await registry.metrics()).toContain('queue_depth{service="x"} 7');
  });
});

describe('startAdminServer', () => {
  let server: AdminServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('serves /metrics, /healthz, /readyz (flipping with readiness) and 404 otherwise', async () => {
    const { registry, grpcServer } = createMetrics({ service: 'orders', defaultMetrics: false });
    grpcServer.observe({ ...call, code: 0, seconds: 0.01 });
    let ready = false;
    server = await startAdminServer({ host: '127.0.0.1', port: 0, registry, readiness: async () => ready });
    expect(server.port).toBeGreaterThan(0);
    const url = (path: string) => `http://127.0.0.1:${server?.port}${path}`;

    const metrics = await fetch(url('/metrics'));
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toBe(registry.contentType);
    expect(await metrics.text()).toContain('grpc_server_handled_total{');

    expect((await fetch(url('/healthz'))).status).toBe(200);

    let readyz = await fetch(url('/readyz'));
    expect(readyz.status).toBe(503);
    expect(await readyz.json()).toEqual({ status: 'not ready' });
    ready = true;
    readyz = await fetch(url('/readyz'));
    expect(readyz.status).toBe(200);
    expect(await readyz.json()).toEqual({ status: 'ready' });
    ready = false;
    expect((await fetch(url('/readyz?verbose'))).status).toBe(503);

    expect((await fetch(url('/nope'))).status).toBe(404);
    expect((await fetch(url('/metrics'), { method: 'POST' })).status).toBe(404);
  });

  it('treats a throwing or hanging check as failed', async () => {
    const { registry } = createMetrics({ service: 'orders', defaultMetrics: false });
    server = await startAdminServer({
      host: '127.0.0.1',
      port: 0,
      registry,
      readiness: () => new Promise<boolean>(() => undefined),
      liveness: () => {
        throw new Error('wedged');
      },
      checkTimeoutMs: 50,
    });
    expect((await fetch(`http://127.0.0.1:${server.port}/readyz`)).status).toBe(503);
    expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(503);
  });
});
