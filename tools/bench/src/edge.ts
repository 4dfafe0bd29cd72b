// `npm run bench` (second part): the whole system from its production bundles, measured end to end.
//   1. a product read straight from inventory over gRPC (the baseline: one service, no edge),
//   2. the same read through the gateway over HTTP (edge cost: auth-free route, limits, validation,
//      problem mapping, one gRPC hop under a budget),
//   3. full shopping journeys driven by the load generator (register once per user, then browse →
//      product → cart → checkout → orders), reporting journeys/s and per-step percentiles.
// Postgres is embedded and Redis a redis-server child, both started for the run.
import { createClient, shopProtos } from '@shop/rpc';
import {
  startEmbeddedPostgres,
  startRedisServer,
  startSystem,
  systemDatabases,
  type LocalServer,
  type RunningSystem,
} from '@shop/local-system';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { drive, settings, summarize } from './closed-loop';

const { seconds, warmupSeconds, concurrency } = settings;
const SKU = 'BOK-001';

interface Row {
  scenario: string;
  rate: number;
  unit: string;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

async function main(): Promise<void> {
  const buildDir = resolve('dist', 'apps');
  for (const app of ['user', 'inventory', 'payment', 'order', 'gateway']) {
    if (!existsSync(join(buildDir, app, 'main.cjs'))) throw new Error(`dist/apps/${app} is missing: the bench target builds it first`);
  }
  const loadgen = resolve('dist', 'tools', 'loadgen', 'main.cjs');
  const started: LocalServer[] = [];
  const keyDir = mkdtempSync(join(tmpdir(), 'shop-bench-keys-'));
  let system: RunningSystem | undefined;
  try {
    started.push(await startEmbeddedPostgres());
    started.push(await startRedisServer());
    const [postgres, redis] = started as [LocalServer, LocalServer];
    const quiet = { LOG_LEVEL: 'warn' };
    system = await startSystem({
      databases: systemDatabases(postgres.url),
      redisUrl: redis.url,
      mode: 'built',
      seed: true,
      keepLines: 50,
      jwtKeyDir: keyDir,
      env: {
        user: quiet,
        inventory: quiet,
        payment: quiet,
        order: quiet,
        // One client address drives everything here: lift the limits a real crowd spreads over.
        gateway: { ...quiet, RATE_LIMIT_PER_ADDRESS: '1000000', RATE_LIMIT_PER_USER: '1000000', RATE_LIMIT_AUTH_PER_ADDRESS: '1000000' },
      },
    });
    console.log(`\nend to end on the built apps, ${concurrency} in flight, ${warmupSeconds}s warm-up + ${seconds}s measured per row\n`);

    const inventory = createClient(shopProtos().grpcObject.shop.inventory.v1.InventoryService.service, {
      target: system.apps.inventory.grpcAddress,
    });
    const grpcRead = () => inventory.getProduct({ sku: SKU });
    const url = `${system.gatewayUrl}/api/v1/products/${SKU}`;
    const httpRead = async () => {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    };
    const rows: Row[] = [];
    for (const [scenario, call] of [
      ['GetProduct straight to inventory over gRPC (baseline)', grpcRead],
      ['GET /api/v1/products/:sku through the gateway', httpRead],
    ] as const) {
      await drive(call, warmupSeconds);
      rows.push(row(scenario, await drive(call, seconds), 'req/s'));
    }
    inventory.close();
    rows.push(await journeys(loadgen, system.gatewayUrl));

    const baseline = rows[0]!.rate;
    console.table(
      rows.map((row, index) => ({
        scenario: row.scenario,
        rate: `${Math.round(row.rate)} ${row.unit}`,
        'p50 ms': row.p50.toFixed(2),
        'p90 ms': row.p90.toFixed(2),
        'p99 ms': row.p99.toFixed(2),
        'max ms': row.max.toFixed(2),
        'vs baseline': index < 2 ? `${(row.rate / baseline).toFixed(2)}×` : '',
      })),
    );
  } finally {
    await system?.stop();
    for (const server of started.reverse()) await server.stop().catch(() => undefined);
    rmSync(keyDir, { recursive: true, force: true });
  }
}

function row(scenario: string, latencies: number[], unit: string): Row {
  return { scenario, unit, ...summarize(latencies, seconds) };
}

/** The load generator's closed model for the same time; its JSON report gives the journey figures. */
async function journeys(loadgen: string, target: string): Promise<Row> {
  const users = Math.min(concurrency, 16);
  const args = [loadgen, '--target', target, '--concurrency', String(users), '--duration', `${seconds}s`, '--warmup', `${warmupSeconds}s`, '--json'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`loadgen exited with ${code}:\n${output}`);
  const report = (JSON.parse(output) as { summary: LoadgenReport }).summary;
  const latency = report.latencyMs.all;
  return {
    scenario: `shopping journeys (loadgen, ${users} users; ${Math.round(report.requestsPerSecond)} req/s, latency per request)`,
    rate: report.journeysPerSecond,
    unit: 'journeys/s',
    p50: latency.p50 ?? 0,
    p90: latency.p90 ?? 0,
    p99: latency.p99 ?? 0,
    max: latency.max ?? 0,
  };
}

interface LoadgenReport {
  journeysPerSecond: number;
  requestsPerSecond: number;
  latencyMs: { all: { p50?: number; p90?: number; p99?: number; max?: number } };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
