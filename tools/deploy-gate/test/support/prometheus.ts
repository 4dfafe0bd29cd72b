import { findOnPath, freePort, inheritedEnv, startProcess, type ProcessHandle } from '@shop/testing';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

export const PROMETHEUS_MISSING =
  'prometheus is not installed: the deploy gate is tested against a real Prometheus. ' +
  'Install it with `apt-get install prometheus` (Debian/Ubuntu; it brings promtool too) or put a prometheus binary on PATH.';

export interface ScrapeTarget {
  /** host:port of an admin server serving /metrics. */
  address: string;
  /** Target labels Prometheus adds to every series, as a ServiceMonitor adds the pod's `track`. */
  labels: Record<string, string>;
}

export interface RunningPrometheus {
  url: string;
  process: ProcessHandle;
  /** The value of an instant query answering one series per label set, keyed by `by`'s value. */
  valuesBy(query: string, by: string): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/**
 * A real Prometheus on a free loopback port, scraping `targets` every second, its storage in a
 * temporary directory. Resolves once every target has been scraped and is up.
 */
export async function startPrometheus(targets: ScrapeTarget[]): Promise<RunningPrometheus> {
  const binary = findOnPath('prometheus');
  if (!binary) throw new Error(PROMETHEUS_MISSING);
  const dir = await mkdtemp(join(tmpdir(), 'shop-prometheus-'));
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    scrape_configs: [
      { job_name: 'shop', static_configs: targets.map((target) => ({ targets: [target.address], labels: target.labels })) },
    ],
  };
  await writeFile(join(dir, 'prometheus.yml'), stringify(config));
  const port = await freePort();
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
  });
  const stop = async () => {
    await child.kill();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await child.waitForHttp(`${url}/-/ready`, 30_000);
    await waitUntilScraped(url, targets.length);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    process: child,
    async valuesBy(query, by) {
      const answer = await apiGet(url, `api/v1/query?query=${encodeURIComponent(query)}`);
      const result = answer.data.result as Array<{ metric: Record<string, string>; value: [number, string] }>;
      return Object.fromEntries(result.map((series) => [series.metric[by] ?? '', Number(series.value[1])]));
    },
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
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
