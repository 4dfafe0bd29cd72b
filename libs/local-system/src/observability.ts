/**
 * A real Prometheus (Debian's `prometheus`) and a real trace collector (Jaeger's collector-based
 * binary with deploy/observability/otel/collector.yaml: tail sampling into an in-memory trace store)
 * on loopback, for tests and for `npm run observe`. Nothing here imports vitest.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort } from './ports';
import { findOnPath, inheritedEnv, repoRoot, startProcess } from './process';

export const COLLECTOR_CONFIG = join(repoRoot(), 'deploy', 'observability', 'otel', 'collector.yaml');
const TOOLS_BIN = join(process.env['SHOP_TOOLS_DIR'] ?? join(homedir(), '.cache', 'shop', 'tools'), 'bin');

export const PROMETHEUS_MISSING =
  'prometheus is not installed: install it with `apt-get install prometheus` (Debian/Ubuntu; it brings promtool too) or put a prometheus binary on PATH.';
export const COLLECTOR_MISSING =
  'jaeger (the trace collector and store) is not installed: build it with `bash deploy/observability/otel/install-jaeger.sh` (Go module proxy, cached in ~/.cache/shop/tools/bin).';

/** The jaeger binary: on PATH, else where install-jaeger.sh puts it; undefined when neither. */
export function findCollector(): string | undefined {
  return findOnPath('jaeger') ?? (existsSync(join(TOOLS_BIN, 'jaeger')) ? join(TOOLS_BIN, 'jaeger') : undefined);
}

export interface ScrapeTarget {
  /** host:port serving /metrics. */
  address: string;
  /** Target labels Prometheus adds to every series (what a ServiceMonitor would add: namespace, track, ...). */
  labels: Record<string, string>;
}

export interface PrometheusOptions {
  targets: ScrapeTarget[];
  /** Rule files to load (recording rules and alerts). */
  ruleFiles?: string[];
  /** Default: a free port. */
  port?: number;
  /** Default '1s': tests want data quickly. */
  scrapeInterval?: string;
  /** Default: a temporary directory, removed on stop. */
  dataDir?: string;
  /** Resolve only once every target has been scraped and is up (default true). */
  waitForTargets?: boolean;
}

export interface PrometheusSeries {
  metric: Record<string, string>;
  value: [number, string];
}

export interface RunningPrometheus {
  url: string;
  /** An instant query's result vector (throws on a query error). */
  query(expr: string): Promise<PrometheusSeries[]>;
  /** The value of an instant query answering one series per label set, keyed by `by`'s value. */
  valuesBy(query: string, by: string): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const binary = findOnPath('prometheus');
  if (!binary) throw new Error(PROMETHEUS_MISSING);
  const temporary = options.dataDir === undefined;
  const dir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'shop-prometheus-')));
  await mkdir(dir, { recursive: true });
  const interval = options.scrapeInterval ?? '1s';
  const config = {
    global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval },
    rule_files: options.ruleFiles ?? [],
    scrape_configs: [
      {
        job_name: 'shop',
        static_configs: options.targets.map((target) => ({ targets: [target.address], labels: target.labels })),
      },
    ],
  };
  await writeFile(join(dir, 'prometheus.yml'), stringify(config));
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const child = startProcess({
    name: 'prometheus',
    command: binary,
    args: [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    env: inheritedEnv(),
    cwd: dir,
    keepLines: 200,
  });
  const stop = async () => {
    await child.kill();
    if (temporary) await rm(dir, { recursive: true, force: true });
  };
  const query = async (expr: string) => {
    const answer = await apiGet(url, `api/v1/query?query=${encodeURIComponent(expr)}`);
    return answer.data.result as PrometheusSeries[];
  };
  try {
    await child.waitForHttp(`${url}/-/ready`, 30_000);
    if (options.waitForTargets ?? true) await waitUntilScraped(url, options.targets.length);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    query,
    async valuesBy(expr, by) {
      return Object.fromEntries((await query(expr)).map((series) => [series.metric[by] ?? '', Number(series.value[1])]));
    },
    stop,
  };
}

export interface CollectorOptions {
  /** Share of traces without errors or slowness that the tail sampler keeps (0-100). Default: the config's. */
  samplingPercent?: number;
  /** How long the tail sampler waits for a trace's spans before deciding. Default: the config's. */
  decisionWait?: string;
  /** Fixed ports (`npm run observe`); free ports otherwise. */
  ports?: Partial<Record<'otlpHttp' | 'otlpGrpc' | 'query' | 'queryGrpc' | 'health' | 'metrics', number>>;
}

export interface RunningCollector {
  /** For the apps' OTEL_EXPORTER_OTLP_ENDPOINT (OTLP/HTTP). */
  otlpEndpoint: string;
  /** The trace store's query API and (placeholder) UI: /api/services, /api/traces. */
  queryUrl: string;
  /** host:port of the collector's own Prometheus metrics. */
  metricsAddress: string;
  /** Everything the collector printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** The collector of deploy/observability/otel/collector.yaml on loopback; resolves once it is healthy. */
export async function startCollector(options: CollectorOptions = {}): Promise<RunningCollector> {
  const binary = findCollector();
  if (!binary) throw new Error(COLLECTOR_MISSING);
  const port = async (name: keyof NonNullable<CollectorOptions['ports']>) => options.ports?.[name] ?? (await freePort());
  const [otlpHttp, otlpGrpc, query, queryGrpc, health, metrics] = [
    await port('otlpHttp'),
    await port('otlpGrpc'),
    await port('query'),
    await port('queryGrpc'),
    await port('health'),
    await port('metrics'),
  ];
  const env: NodeJS.ProcessEnv = {
    ...inheritedEnv(),
    SHOP_OTLP_HTTP_ENDPOINT: `127.0.0.1:${otlpHttp}`,
    SHOP_OTLP_GRPC_ENDPOINT: `127.0.0.1:${otlpGrpc}`,
    SHOP_JAEGER_QUERY_HTTP_ENDPOINT: `127.0.0.1:${query}`,
    SHOP_JAEGER_QUERY_GRPC_ENDPOINT: `127.0.0.1:${queryGrpc}`,
    SHOP_COLLECTOR_HEALTH_ENDPOINT: `127.0.0.1:${health}`,
    SHOP_COLLECTOR_METRICS_HOST: '127.0.0.1',
    SHOP_COLLECTOR_METRICS_PORT: String(metrics),
    SHOP_COLLECTOR_LOG_LEVEL: 'warn',
    ...(options.samplingPercent === undefined ? {} : { SHOP_TRACE_SAMPLING_PERCENT: String(options.samplingPercent) }),
    ...(options.decisionWait === undefined ? {} : { SHOP_TRACE_DECISION_WAIT: options.decisionWait }),
  };
  const child = startProcess({ name: 'collector', command: binary, args: ['--config', COLLECTOR_CONFIG], env, keepLines: 500 });
  const stop = async () => void (await child.kill());
  try {
    await child.waitForHttp(`http://127.0.0.1:${health}/status`, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    otlpEndpoint: `http://127.0.0.1:${otlpHttp}`,
    queryUrl: `http://127.0.0.1:${query}`,
    metricsAddress: `127.0.0.1:${metrics}`,
    output: () => child.output(),
    stop,
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's JSON, read where used
async function apiGet(url: string, path: string): Promise<any> {
  const response = await fetch(`${url}/${path}`);
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

async function waitUntilScraped(url: string, count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const answer = await apiGet(url, 'api/v1/targets?state=active');
    const targets = answer.data.activeTargets as Array<{ health: string; lastError: string; scrapeUrl: string }>;
    if (targets.length === count && targets.every((target) => target.health === 'up')) return;
    if (Date.now() > deadline) {
      throw new Error(`Prometheus did not scrape every target: ${JSON.stringify(targets.map((t) => [t.scrapeUrl, t.health, t.lastError]))}`);
    }
    await new Promise((done) => setTimeout(done, 250));
  }
}
