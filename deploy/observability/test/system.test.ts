// The whole system as real processes, exporting its traces to the real collector (tail sampling at a
// low ratio) and scraped by a real Prometheus (Debian's) that loads the chart's SLO rules.
//   1. traces: a failing checkout's trace arrives whole; most healthy checkouts' traces do not;
//   2. dashboards: under the load generator, every panel's query returns data, or is listed below
//      as legitimately empty with the reason.
import { singleClientEnv, SYSTEM_APPS, startCollector, startPrometheus, type RunningCollector, type RunningPrometheus } from '@shop/local-system';
import { eventually, repoRoot, sleep, startTestSystem, type TestSystem } from '@shop/testing';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expand, panelQueries, variableQueries } from './support/dashboards';
import { getTrace, isError, orphansOf, servicesOf, type JaegerTrace } from './support/jaeger';
import { renderRules } from './support/rules';
import { CARDS, Shopper } from './support/shopper';

/** The share of healthy traces the collector keeps in this test: low, so that "most are dropped" is a fair claim. */
const SAMPLING_PERCENT = 5;
const HEALTHY_CHECKOUTS = 30;
/** Panels that may be empty under the load generator's journeys, and why. */
const LEGITIMATELY_EMPTY: Record<string, string> = {
  'Non-OK calls / s by method and code': 'only methods that answered non-OK in the window; the journeys make no failing calls',
  '5xx ratio by route': 'only routes that answered 5xx; none does under this load',
  '4xx / s by route and status': "only routes that answered 4xx; the journeys make no caller mistakes",
  'Redis errors and timeouts / s by command': 'only commands that failed or timed out; Redis stays up and answers under this load',
};

describe('observability of the running system', () => {
  let dir: string;
  let collector: RunningCollector;
  let system: TestSystem;
  let prometheus: RunningPrometheus;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shop-observability-'));
    collector = await startCollector({ samplingPercent: SAMPLING_PERCENT, decisionWait: '3s' });
    const quiet = { LOG_LEVEL: 'warn', OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpEndpoint, OTEL_BSP_SCHEDULE_DELAY: '200' };
    system = await startTestSystem({
      mode: 'built',
      seed: true,
      env: singleClientEnv(quiet),
    });
    await renderRules(join(dir, 'rules.yaml'));
    // The labels a ServiceMonitor would attach (namespace, the pod's version), so that the chart's
    // rules (namespace="shop") and the dashboards' variables see what they would see in a cluster.
    const labels = { namespace: 'shop', version: 'test' };
    prometheus = await startPrometheus({
      targets: [
        ...SYSTEM_APPS.map((app) => ({ address: `127.0.0.1:${system.apps[app].adminPort}`, labels })),
        { address: collector.metricsAddress, labels: { ...labels, service: 'otel-collector' } },
      ],
      ruleFiles: [join(dir, 'rules.yaml')],
    });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await system?.stop();
    await collector?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("keeps a failing checkout's whole trace and drops most healthy ones (tail sampling)", async () => {
    const shopper = await Shopper.signUp(system.gatewayUrl);
    const sku = await shopper.inStockSku();
    const healthy: string[] = [];
    for (let i = 0; i < HEALTHY_CHECKOUTS; i++) {
      const { state, traceId } = await shopper.checkout(sku, CARDS.approved);
      expect(state).toBe('CONFIRMED');
      healthy.push(traceId);
    }
    // Last, so that once its trace is decided every earlier one is decided too.
    const answer = await shopper.checkout(sku, CARDS.processorError);
    const failing = answer.traceId;
    expect(answer.state).not.toBe('CONFIRMED');

    let trace: JaegerTrace | undefined;
    const whole = await eventually(async () => {
      trace = await getTrace(collector.queryUrl, failing);
      return trace !== undefined && ['gateway', 'order', 'inventory', 'payment'].every((s) => servicesOf(trace!).has(s)) && orphansOf(trace).length === 0;
    }, 60_000);
    expect(whole, `the failing checkout's trace in the store: ${JSON.stringify(trace && [...servicesOf(trace)])}\n${collector.output()}`).toBe(true);
    const spans = trace!.spans;
    // Whole: every span's parent is in the trace, and its one root is the gateway's (the edge starts the trace).
    expect(orphansOf(trace!)).toEqual([]);
    const roots = spans.filter((span) => !span.references.some((ref) => ref.refType === 'CHILD_OF'));
    expect(roots.map((span) => trace!.processes[span.processID]!.serviceName)).toEqual(['gateway']);
    expect(spans.filter(isError).map((span) => trace!.processes[span.processID]!.serviceName)).toContain('payment');

    // Decisions for the healthy traces were taken before the failing one's; give the batch a moment.
    await sleep(2_000);
    const kept = (await Promise.all(healthy.map((id) => getTrace(collector.queryUrl, id)))).filter((t) => t !== undefined);
    expect(kept.length).toBeLessThan(HEALTHY_CHECKOUTS / 2);
    console.info(
      `traces: the failing checkout's kept whole (${spans.length} spans from ${[...servicesOf(trace!)].sort().join(', ')}); ` +
        `healthy checkouts kept: ${kept.length} of ${HEALTHY_CHECKOUTS} at ${SAMPLING_PERCENT}%`,
    );
  });

  it("answers every dashboard panel's query with data, under load", async () => {
    await runLoadgen(system.gatewayUrl, 20);
    const failures: string[] = [];
    const emptyPanels = new Set<string>();
    for (const { dashboard, panel, expr } of panelQueries()) {
      const query = expand(expr, '15s');
      const series = await prometheus.query(query).catch((error: unknown) => {
        failures.push(`${dashboard} / ${panel}: query error ${(error as Error).message}`);
        return undefined;
      });
      if (series === undefined || series.length > 0) continue;
      emptyPanels.add(panel);
      if (!(panel in LEGITIMATELY_EMPTY)) failures.push(`${dashboard} / ${panel}: no data for ${query}`);
    }
    for (const { dashboard, name, query } of variableQueries()) {
      const match = /^label_values\((.+), (\w+)\)$/.exec(query);
      if (!match) {
        failures.push(`${dashboard} / variable ${name}: not label_values(selector, label): ${query}`);
        continue;
      }
      const [, selector, label] = match;
      const values = new Set((await prometheus.query(expand(selector!, '15s'))).map((series) => series.metric[label!]));
      values.delete(undefined);
      if (values.size === 0) failures.push(`${dashboard} / variable ${name}: no values for ${query}`);
    }
    const known = new Set(panelQueries().map((query) => query.panel));
    for (const panel of Object.keys(LEGITIMATELY_EMPTY)) if (!known.has(panel)) failures.push(`listed as empty but no such panel: ${panel}`);
    expect(failures).toEqual([]);
    // The trace pipeline is on the same Prometheus: the collector accepted spans and refused none.
    const accepted = await prometheus.query('sum(otelcol_receiver_accepted_spans_total)');
    expect(Number(accepted[0]?.value[1] ?? 0)).toBeGreaterThan(0);
    console.info(`dashboards: ${known.size} panels checked; empty as listed: ${[...emptyPanels].join(', ') || 'none'}`);
  });
});

/** The load generator's closed model for `seconds`; throws when it fails. */
async function runLoadgen(target: string, seconds: number): Promise<void> {
  const loadgen = join(repoRoot(), 'dist', 'tools', 'loadgen', 'main.cjs');
  const args = [loadgen, '--target', target, '--concurrency', '4', '--duration', `${seconds}s`, '--json'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`loadgen exited with ${code}:\n${output}`);
}
