import { eventually, freePort, freshDatabase, redisUrl, sleep, startApp, startOtlpReceiver, type FreshDatabase, type OtlpReceiver, type RunningApp } from '@shop/testing';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, PROBLEM, uniqueEmail, uniqueIp } from './support/api';
import { gatewayTestEnv } from './support/system';

/*
 * The chassis' run-time flags that no other test drives, changed in the flags file while the apps
 * run (no restart) and shown on real requests: a real gateway in front of a real inventory, both
 * following one file. The user and order services are absent (a dead port): the breaker test needs
 * a dependency that is down. Each test turns its flags off again and waits until they are.
 */

const BUDGET_MS = 5_000; // REQUEST_BUDGET_MS and CHECKOUT_BUDGET_MS: the request-budget-ms flag's default
const BREAKER_RESET_MS = 1_000; // BREAKER_RESET_TIMEOUT_MS: the breaker-reset-timeout-ms flag's default
const SKUS = ['FLG-1', 'FLG-2', 'FLG-3', 'FLG-4'];

let db: FreshDatabase;
let otlp: OtlpReceiver;
let inventory: RunningApp;
let gateway: RunningApp;
let api: Api;
let flagsDir: string;
let flagsFile: string;

beforeAll(async () => {
  db = await freshDatabase('inventory');
  const sql = new pg.Client({ connectionString: db.url });
  flagsDir = await mkdtemp(join(tmpdir(), 'shop-run-time-flags-'));
  flagsFile = join(flagsDir, 'flags.json');
  await writeFile(flagsFile, flagsJson({}));
  otlp = await startOtlpReceiver();
  const common = { FLAGS_FILE: flagsFile, OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '100' };
  inventory = await startApp('inventory', {
    env: { ...common, DATABASE_URL: db.url, REDIS_URL: redisUrl(), CATALOG_CACHE_NAMESPACE: `gw-flags-${process.pid}` },
  });
  await sql.connect();
  for (const sku of SKUS) {
    await sql.query(`INSERT INTO products (sku, name, description, price_minor, currency_code, image_url, tags, stock)
                     VALUES ($1, 'Flagged', 'A product', 990, 'EUR', '', '{}', 5)`, [sku]);
  }
  await sql.end();
  const deadPort = await freePort();
  gateway = await startApp('gateway', {
    env: {
      ...common,
      ...gatewayTestEnv(),
      JWT_KEY_WAIT_MS: '0', // no user service here
      USER_ADDR: `127.0.0.1:${deadPort}`,
      ORDER_ADDR: `127.0.0.1:${deadPort}`,
      INVENTORY_ADDR: inventory.grpcAddress,
      REQUEST_BUDGET_MS: String(BUDGET_MS),
      CHECKOUT_BUDGET_MS: String(BUDGET_MS),
      BREAKER_VOLUME_THRESHOLD: '3',
      BREAKER_RESET_TIMEOUT_MS: String(BREAKER_RESET_MS),
    },
  });
  api = new Api(`http://127.0.0.1:${gateway.port}`);
});

afterAll(async () => {
  await Promise.all([gateway, inventory].map((app) => app?.stop()));
  await otlp?.close();
  await db?.drop();
  if (flagsDir) await rm(flagsDir, { recursive: true, force: true });
});

type FlagValue = number | { value: number; onlyFor: string };

/** flagd's file format: each flag at its value, for every app or (`onlyFor`) for one app alone, 0 elsewhere. */
function flagsJson(flags: Record<string, FlagValue>): string {
  const entry = (flag: FlagValue) =>
    typeof flag === 'number'
      ? { state: 'ENABLED', variants: { now: flag }, defaultVariant: 'now' }
      : { state: 'ENABLED', variants: { now: flag.value, off: 0 }, defaultVariant: 'off', targeting: { if: [{ '==': [{ var: 'service' }, flag.onlyFor] }, 'now', 'off'] } };
  return JSON.stringify({ flags: Object.fromEntries(Object.entries(flags).map(([key, flag]) => [key, entry(flag)])) });
}

/** One sample of an app's metrics by name and labels (the registry adds its own `service` label). */
async function metric(app: RunningApp, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${app.adminPort}/metrics`)).text();
  const sample = text.split('\n').find((line) => line.startsWith(`${name}{`) && Object.entries(labels).every(([label, value]) => line.includes(`${label}="${value}"`)));
  return Number(sample?.split(' ').at(-1));
}

const flagValue = (app: RunningApp, flag: string) => metric(app, 'feature_flag_value', { flag });

/** Writes the flags file and waits until each app shows the values expected of it (the provider polls the file). */
async function setFlags(flags: Record<string, FlagValue>, expected: Array<[RunningApp, string, number]>): Promise<void> {
  await writeFile(flagsFile, flagsJson(flags));
  const inForce = async () => (await Promise.all(expected.map(async ([app, flag, value]) => (await flagValue(app, flag)) === value))).every(Boolean);
  expect(await eventually(inForce, 20_000), JSON.stringify(expected.map(([app, flag, value]) => [app.name, flag, value]))).toBe(true);
}

/** The spans of the trace a gateway response names in its traceresponse header, once `ready` holds for them. */
async function traceOf(response: { headers: Headers }, ready: (spans: OtlpReceiver['spans']) => boolean): Promise<OtlpReceiver['spans']> {
  const traceId = /^00-([0-9a-f]{32})-/.exec(response.headers.get('traceresponse') ?? '')?.[1];
  expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  const spans = () => otlp.spans.filter((span) => span.traceId === traceId);
  await eventually(() => ready(spans()), 10_000);
  return spans();
}

const flagged = (spans: OtlpReceiver['spans'], key: string) =>
  spans.flatMap((span) => span.events.map((event) => ({ service: span.service, event }))).filter(({ event }) => event.name === 'feature_flag.evaluation' && event.attributes['feature_flag.key'] === key);

describe('run-time flags on real requests, changed without a restart', () => {
  it("request-budget-ms: the gateway's budget, tightened below a slow database's latency, answers 504; back at its default, 200", { timeout: 90_000 }, async () => {
    try {
      await setFlags({ 'request-budget-ms': 100, 'db-latency-ms': { value: 300, onlyFor: 'inventory' } }, [
        [gateway, 'request-budget-ms', 100],
        [inventory, 'db-latency-ms', 300],
      ]);
      const tight = await api.get(`/api/v1/products/${SKUS[0]}`, { clientIp: uniqueIp() });
      expect(tight.status).toBe(504);
      expect(tight.body).toMatchObject({ type: PROBLEM('timeout'), status: 504 });

      // The same slow database, the budget back at REQUEST_BUDGET_MS: the product is served.
      await setFlags({ 'db-latency-ms': { value: 300, onlyFor: 'inventory' } }, [
        [gateway, 'request-budget-ms', BUDGET_MS],
        [inventory, 'db-latency-ms', 300],
      ]);
      const roomy = await api.get(`/api/v1/products/${SKUS[1]}`, { clientIp: uniqueIp() });
      expect(roomy.status).toBe(200);
      const spans = await traceOf(roomy, (found) => flagged(found, 'db-latency-ms').length > 0);
      expect(flagged(spans, 'db-latency-ms').map(({ service, event }) => [service, event.attributes['feature_flag.result.value']])).toContainEqual(['inventory', '300']);
    } finally {
      await setFlags({}, [
        [gateway, 'request-budget-ms', BUDGET_MS],
        [inventory, 'db-latency-ms', 0],
      ]);
    }
  });

  it('redis-latency-ms: a catalog cache slower than its timeout is skipped, the product still served from Postgres, the delay in the trace', { timeout: 90_000 }, async () => {
    const sku = SKUS[2]!;
    expect((await api.get(`/api/v1/products/${sku}`, { clientIp: uniqueIp() })).status).toBe(200); // now cached
    try {
      // Past CATALOG_CACHE_TIMEOUT_MS (250 ms), within the request's budget.
      await setFlags({ 'redis-latency-ms': { value: 1_000, onlyFor: 'inventory' } }, [[inventory, 'redis-latency-ms', 1_000]]);
      expect(await flagValue(gateway, 'redis-latency-ms')).toBe(0); // one app targeted
      const slow = await api.get(`/api/v1/products/${sku}`, { clientIp: uniqueIp() });
      expect(slow.status).toBe(200);
      expect(slow.body).toMatchObject({ sku });
      const spans = await traceOf(slow, (found) => flagged(found, 'redis-latency-ms').length > 0);
      expect(flagged(spans, 'redis-latency-ms').map(({ service, event }) => [service, event.attributes['feature_flag.result.value']])).toContainEqual(['inventory', '1000']);
    } finally {
      await setFlags({}, [[inventory, 'redis-latency-ms', 0]]);
    }
    // Off: a request's trace reaches inventory's database again without the delay.
    const after = await api.get(`/api/v1/products/${sku}`, { clientIp: uniqueIp() });
    expect(after.status).toBe(200);
    const spans = await traceOf(after, (found) => found.some((span) => span.service === 'inventory'));
    expect(spans.some((span) => span.service === 'inventory')).toBe(true);
    expect(flagged(spans, 'redis-latency-ms')).toEqual([]);
  });

  it("cpu-hog-percent: one app's event loop is blocked most of every 100 ms while requests are still answered; off, it idles", { timeout: 90_000 }, async () => {
    try {
      await setFlags({ 'cpu-hog-percent': { value: 80, onlyFor: 'inventory' } }, [[inventory, 'cpu-hog-percent', 80]]);
      expect(await flagValue(gateway, 'cpu-hog-percent')).toBe(0);
      await metric(inventory, 'nodejs_eventloop_lag_max_seconds'); // each scrape starts a new measurement
      for (const sku of SKUS) expect((await api.get(`/api/v1/products/${sku}`, { clientIp: uniqueIp() })).status).toBe(200);
      await sleep(300);
      // The hog spins 80 ms of wall-clock time at a stretch: no timer can fire sooner, however busy the machine.
      expect(await metric(inventory, 'nodejs_eventloop_lag_max_seconds')).toBeGreaterThanOrEqual(0.075);
    } finally {
      await setFlags({}, [[inventory, 'cpu-hog-percent', 0]]);
    }
    // Off: over a second, the idle app burns a small fraction of the CPU the hog did (a busy machine only lowers it).
    const before = await metric(inventory, 'process_cpu_seconds_total');
    await sleep(1_000);
    expect((await metric(inventory, 'process_cpu_seconds_total')) - before).toBeLessThan(0.4);
  });

  it('breaker-error-threshold-percent and breaker-reset-timeout-ms: the gateway\'s breaker for a dead service opens or not, and stays open, as the flags say', { timeout: 90_000 }, async () => {
    const login = () => api.post('/api/v1/auth/login', { json: { email: uniqueEmail(), password: 'whatever-it-is' }, clientIp: uniqueIp() });
    const userBreaker = () => metric(gateway, 'circuit_breaker_state', { target: 'user' });
    try {
      // A threshold of 100 %: more than every call must fail, so the breaker never opens.
      await setFlags({ 'breaker-error-threshold-percent': 100, 'breaker-reset-timeout-ms': 30_000 }, [
        [gateway, 'breaker-error-threshold-percent', 100],
        [gateway, 'breaker-reset-timeout-ms', 30_000],
      ]);
      for (let i = 0; i < 8; i++) {
        const response = await login();
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('1'); // the service's own failure, not the breaker's
      }
      expect(await userBreaker()).toBe(0);

      // Back to half: the next failure opens it, and it then holds for the flag's 30 s, not BREAKER_RESET_TIMEOUT_MS' 1 s.
      await setFlags({ 'breaker-error-threshold-percent': 50, 'breaker-reset-timeout-ms': 30_000 }, [[gateway, 'breaker-error-threshold-percent', 50]]);
      let retryAfter = 1;
      for (let attempt = 0; attempt < 5 && retryAfter <= 1; attempt++) {
        const response = await login();
        expect(response.status).toBe(503);
        retryAfter = Number(response.headers.get('retry-after'));
      }
      expect(await userBreaker()).toBe(2);
      expect(retryAfter).toBeGreaterThan(BREAKER_RESET_MS / 1000);
      expect(retryAfter).toBeLessThanOrEqual(30);
    } finally {
      await setFlags({}, [
        [gateway, 'breaker-error-threshold-percent', 50],
        [gateway, 'breaker-reset-timeout-ms', BREAKER_RESET_MS],
      ]);
    }
  });
});
