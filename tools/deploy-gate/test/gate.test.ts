import { status } from '@shop/rpc';
import { eventually, freePort, freshDatabase, inheritedEnv, repoRoot, runNodeScript, startApp, startProcess, type FreshDatabase, type RunningApp } from '@shop/testing';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { GateReport } from '../src/gate';
import { driveCharges, paymentClient, type PaymentClient } from './support/payment-traffic';
import { startPrometheus, type RunningPrometheus } from './support/prometheus';

/**
 * The gate against a real Prometheus scraping real payment processes every second: one stable and
 * three canaries (healthy, erroring by fault injection, slow by injected latency, each set by
 * payment's run-time fault flags in a flags file of its own), told apart by the target labels
 * Prometheus adds, as the ServiceMonitor adds the pod's `track` in a cluster.
 */
type Canary = 'healthy' | 'erroring' | 'slow';
const CANARIES: Record<Canary, Record<string, number>> = {
  healthy: {},
  // Applied after validation, so INVALID_ARGUMENT stays INVALID_ARGUMENT; the code is payment-failure-code's default, UNAVAILABLE.
  erroring: { 'payment-failure-ratio': 0.3 },
  slow: { 'payment-latency-ms': 400 },
};

/** A flags file (flagd's format) that sets `values`. */
async function flagsFile(dir: string, name: string, values: Record<string, number>): Promise<string> {
  const file = join(dir, `${name}-flags.json`);
  const flags = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { state: 'ENABLED', variants: { on: value }, defaultVariant: 'on' }]));
  await writeFile(file, JSON.stringify({ flags }));
  return file;
}
const CALLS = 200;
const GATE = join(repoRoot(), 'dist', 'tools', 'deploy-gate', 'main.cjs');

describe('deploy gate against a real Prometheus', () => {
  let db: FreshDatabase;
  let dir: string;
  let stable: RunningApp;
  const canaries = {} as Record<Canary, RunningApp>;
  const clients: PaymentClient[] = [];
  let prometheus: RunningPrometheus;
  const sent: Record<string, number> = {};

  /** Calls made so far to the process behind `name`: what Prometheus must eventually have scraped. */
  async function drive(name: string, app: RunningApp, calls: number, concurrency: number): Promise<Record<number, number>> {
    const client = paymentClient(app.grpcAddress);
    clients.push(client);
    const codes = await driveCharges(client, calls, concurrency);
    sent[name] = (sent[name] ?? 0) + calls;
    return codes;
  }

  async function definition(canary: Canary, overrides: { prometheusUrl?: string } = {}): Promise<string> {
    const file = join(dir, `${canary}-${Object.keys(overrides).length}.yaml`);
    const gate = {
      prometheus: { url: overrides.prometheusUrl ?? prometheus.url, timeoutSeconds: 5, attempts: 2, backoffSeconds: 0.2 },
      window: '2m',
      minRequests: 100,
      selectors: { canary: { service: 'payment', track: 'canary', scenario: canary }, stable: { service: 'payment', track: 'stable' } },
      checks: [
        { type: 'grpc-errors', maxIncreaseOverStable: 0.005, max: 0.05 },
        // A wider tolerance than production: four services and Postgres share two cores here.
        { type: 'grpc-latency', quantile: 0.99, maxRatioToStable: 1.2, toleranceSeconds: 0.05, maxSeconds: 1 },
        // Any PromQL: `up` would not do here, it lacks the app's own `service` label.
        { type: 'promql', name: 'resident memory', query: 'max(process_resident_memory_bytes{ {{selector}} })', maxRatioToStable: 2 },
      ],
    };
    await writeFile(file, stringify(gate));
    return file;
  }

  const gate = (args: string[]) => runNodeScript(GATE, args, { GITHUB_STEP_SUMMARY: '' });

  async function gateJson(canary: Canary): Promise<{ code: number | null; report: GateReport }> {
    const { code, stdout, stderr } = await gate(['--definition', await definition(canary), '--json']);
    expect(stderr).toBe('');
    return { code, report: JSON.parse(stdout) as GateReport };
  }

  beforeAll(async () => {
    if (!existsSync(GATE)) throw new Error(`${GATE} is missing: run \`nx build deploy-gate\` (nx test deploy-gate does)`);
    dir = await mkdtemp(join(tmpdir(), 'deploy-gate-it-'));
    db = await freshDatabase('deploy_gate');
    const start = async (name: string, flags: Record<string, number>) =>
      startApp('payment', { mode: 'source', env: { DATABASE_URL: db.url, LOG_LEVEL: 'warn', FLAGS_FILE: await flagsFile(dir, name, flags) } });
    [stable, canaries.healthy, canaries.erroring, canaries.slow] = await Promise.all([
      start('stable', {}),
      start('healthy', CANARIES.healthy),
      start('erroring', CANARIES.erroring),
      start('slow', CANARIES.slow),
    ]);
    // A few calls before Prometheus first scrapes, so that every series (each code, each bucket)
    // exists from the first sample: increase() cannot see what a series held when it appeared.
    await drive('stable', stable, 10, 1);
    for (const canary of Object.keys(CANARIES) as Canary[]) await drive(canary, canaries[canary], 10, canary === 'slow' ? 10 : 1);
    prometheus = await startPrometheus([
      { address: `127.0.0.1:${stable.adminPort}`, labels: { track: 'stable', namespace: 'shop', version: 'v1' } },
      ...(Object.keys(CANARIES) as Canary[]).map((canary) => ({
        address: `127.0.0.1:${canaries[canary].adminPort}`,
        labels: { track: 'canary', scenario: canary, namespace: 'shop', version: `v2-${canary}` },
      })),
    ]);
  });

  /** `deploy-gate serve` as the chart runs it, asked as Flagger asks (the Canary's webhook metadata). */
  let server: ReturnType<typeof startProcess> | undefined;
  let serverUrl = '';
  async function flagger(body: unknown): Promise<{ status: number; text: string }> {
    if (!server) {
      const definitions = join(dir, 'definitions');
      await mkdir(definitions, { recursive: true });
      // The test's definition, with the selectors of a chart's gate file (the server adds namespace and versions).
      const base = parse(await readFile(await definition('healthy'), 'utf8')) as Record<string, unknown>;
      await writeFile(join(definitions, 'payment.yaml'), stringify({ ...base, selectors: { canary: { service: 'payment' }, stable: { service: 'payment' } } }));
      const port = await freePort();
      server = startProcess({ name: 'deploy-gate-serve', command: process.execPath, args: [GATE, 'serve', '--definitions', definitions, '--port', String(port), '--host', '127.0.0.1'], env: inheritedEnv() });
      serverUrl = `http://127.0.0.1:${port}`;
      await server.waitForHttp(`${serverUrl}/healthz`, 10_000);
    }
    const response = await fetch(`${serverUrl}/gate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, text: await response.text() };
  }
  const webhook = (version: string) => ({ name: 'payment', namespace: 'shop', phase: 'Progressing', metadata: { app: 'payment', namespace: 'shop', version } });

  afterAll(async () => {
    server?.signal('SIGTERM');
    const stopped = await server?.exited;
    expect(stopped?.code ?? 0, server?.output()).toBe(0);
    for (const client of clients) client.close();
    await prometheus?.stop();
    await Promise.all([stable, ...Object.values(canaries)].map((app) => app?.stop()));
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is INCONCLUSIVE (exit 2) while the canary has had no traffic in the window', async () => {
    const { code, stdout } = await gate(['--definition', await definition('healthy')]);
    expect(code, stdout).toBe(2);
    expect(stdout).toContain('Deploy gate: INCONCLUSIVE');
    expect(stdout).toContain('canary served 0 requests in the window, fewer than 100');
  });

  it("answers Flagger's webhook 412 (a failed check) while the canary has had no traffic, 400 to a payload that is not Flagger's", async () => {
    const early = await flagger(webhook('v2-healthy'));
    expect(early.status, early.text).toBe(412);
    expect(early.text).toContain('Deploy gate: INCONCLUSIVE');
    const bad = await flagger({ name: 'payment' });
    expect(bad.status, bad.text).toBe(400);
  });

  describe('after traffic', () => {
    beforeAll(async () => {
      // Stable and the healthy canary side by side, under the same load; then the faulty ones.
      const [, healthy] = await Promise.all([drive('stable', stable, CALLS, 2), drive('healthy', canaries.healthy, CALLS, 2)]);
      expect(healthy[status.INVALID_ARGUMENT]).toBeGreaterThan(0);
      const [erroring] = await Promise.all([drive('erroring', canaries.erroring, CALLS, 4), drive('slow', canaries.slow, CALLS, 40)]);
      expect(erroring[status.UNAVAILABLE]).toBeGreaterThan(0);
      // Judge only once Prometheus has scraped every call: the last sample of each target's count
      // equals what was sent (no sleeps guessing at scrape timing).
      const scraped = await eventually(async () => {
        const byScenario = await prometheus.valuesBy(
          'sum by (scenario) (grpc_server_handled_total{grpc_method="Charge"}) or sum by (scenario) (label_replace(sum(grpc_server_handled_total{grpc_method="Charge",track="stable"}), "scenario", "stable", "", ""))',
          'scenario',
        );
        return Object.entries(sent).every(([name, count]) => byScenario[name] === count);
      }, 20_000);
      expect(scraped, JSON.stringify(sent)).toBe(true);
    });

    it('PASSes a healthy canary (exit 0): errors and p99 like stable, InvalidArgument not counted', async () => {
      const summary = join(dir, 'summary.md');
      const { code, stdout } = await gate(['--definition', await definition('healthy'), '--markdown-file', summary]);
      expect(code, stdout).toBe(0);
      expect(stdout).toContain('Deploy gate: PASS');
      const markdown = await readFile(summary, 'utf8');
      expect(markdown).toContain('### Deploy gate: PASS');
      expect(markdown).toContain('| gRPC server errors | 0.00% (n=');
    });

    it('FAILs an erroring canary (exit 1) on its error ratio', async () => {
      const { code, report } = await gateJson('erroring');
      expect(code).toBe(1);
      expect(report.verdict).toBe('FAIL');
      const [errors, , memory] = report.checks;
      expect(errors!.verdict).toBe('FAIL');
      // 30% of the 90% valid calls: about 27%, and stable at 0%.
      expect(errors!.canary.value).toBeGreaterThan(0.1);
      expect(errors!.stable.value).toBe(0);
      expect(errors!.reasons.join()).toContain('is not ≤ stable + 0.50 pp');
      // Its latency is not asserted: it ran beside the slow canary, not beside stable, on two cores.
      expect(memory!.verdict).toBe('PASS');
    });

    it('FAILs a slow canary (exit 1) on its p99 against stable, its errors still fine', async () => {
      const { code, report } = await gateJson('slow');
      expect(code).toBe(1);
      const [errors, latency] = report.checks;
      expect(errors!.verdict).toBe('PASS');
      expect(latency!.verdict).toBe('FAIL');
      expect(latency!.canary.value).toBeGreaterThan(0.4);
      expect(latency!.reasons.join()).toContain('× stable');
    });

    it('is INCONCLUSIVE when the selectors match no series (a typo must not pass)', async () => {
      const { code, stdout } = await gate(['--definition', await definition('healthy'), '--canary-label', 'scenario=helthy']);
      expect(code, stdout).toBe(2);
      expect(stdout).toContain('no data for the canary');
    });

    it("answers Flagger's webhook by version: 200 for the healthy canary, 412 for the erroring one, each against every other version", async () => {
      const healthy = await flagger(webhook('v2-healthy'));
      expect(healthy.status, healthy.text).toBe(200);
      expect(healthy.text).toContain('Deploy gate: PASS');
      expect(healthy.text).toContain('version="v2-healthy"');
      expect(healthy.text).toContain('version!="v2-healthy"');
      const erroring = await flagger(webhook('v2-erroring'));
      expect(erroring.status, erroring.text).toBe(412);
      expect(erroring.text).toContain('Deploy gate: FAIL');
    });

    it('is an ERROR (exit 3) when Prometheus is down, after its retries', async () => {
      const down = await definition('healthy', { prometheusUrl: `http://127.0.0.1:${await freePort()}` });
      const { code, stderr, stdout } = await gate(['--definition', down]);
      expect(code).toBe(3);
      expect(stdout).toBe('');
      expect(stderr).toContain('deploy-gate: ERROR: Prometheus at');
      expect(stderr).toContain('attempt 2: ECONNREFUSED');
    });
  });
});
