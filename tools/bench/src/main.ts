// `npm run bench`: every figure of the performance targets, side by side in one run on this machine.
//   1. one gRPC hop: bare grpc-js against the chassis (logging, tracing to an OTLP sink)
//   2. a product read at the edge: bare gRPC, a bare Express → grpc-js hop, the gateway with each
//      telemetry setting
//   3. checkout in an open model at fixed offered rates, whole journeys in a closed one, peak RSS,
//      CPU and spawn-to-ready per app
//   4. answers under faults: an open breaker, a stalled downstream
//   5. start-up; 6. a login's latency at two password-hashing costs
//   7. the storefront under Lighthouse (storefront.ts)
// Prints a table per part (`--json`: the results as JSON) and, on a full run, writes them with the
// commit they measured to tools/bench/results.json. `--smoke` runs every row for a fraction of a
// second and fails if any row has no figures: `npm test` runs it so that the benchmark cannot rot.
import {
  repoRoot,
  startEmbeddedPostgres,
  startRedisServer,
  singleClientEnv,
  startSystem,
  systemDatabases,
  type LocalServer,
  type RunningSystem,
} from '@shop/local-system';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { appEnv, settings } from './closed-loop';
import { edgeRows, type EdgeContext } from './edge';
import { faultRows } from './faults';
import { hopRows, hopScenarios } from './hop';
import { loadRows } from './load';
import { loginRows } from './login';
import { startOtlpSink } from './processes';
import { startupRows } from './startup';
import { storefrontRows } from './storefront';
import { describeRun, missingFigures, textTables, type Row } from './report';
import { targetRows } from './targets';

const RESULTS_FILE = join(repoRoot(), 'tools', 'bench', 'results.json');
const json = process.argv.includes('--json');
const PARTS = ['hop', 'edge', 'load', 'faults', 'startup', 'login', 'storefront'] as const;
/** `BENCH_PARTS=hop,edge` runs only those parts (for an A/B of one lever); every part by default. */
const parts = new Set((process.env['BENCH_PARTS'] ?? PARTS.join(',')).split(',').map((part) => part.trim()));
for (const part of parts) if (!(PARTS as readonly string[]).includes(part)) throw new Error(`BENCH_PARTS: unknown part ${part} (the parts: ${PARTS.join(', ')})`);
const everyPart = PARTS.every((part) => parts.has(part));

async function main(): Promise<number> {
  const buildDir = join(repoRoot(), 'dist', 'apps');
  for (const app of ['user', 'inventory', 'payment', 'order', 'gateway']) {
    if (!existsSync(join(buildDir, app, 'main.cjs'))) throw new Error(`dist/apps/${app} is missing: the bench target builds it first`);
  }
  const loadgen = join(repoRoot(), 'dist', 'tools', 'loadgen', 'main.cjs');
  if (!existsSync(loadgen)) throw new Error(`${loadgen} is missing: the bench target builds it first`);
  const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

  const sink = await startOtlpSink();
  const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sink.port}`, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' };
  const rows: Row[] = [];
  const started: LocalServer[] = [];
  const jwtKeyDir = mkdtempSync(join(tmpdir(), 'shop-bench-keys-'));
  let system: RunningSystem | undefined;
  try {
    if (parts.has('hop')) {
      progress('part 1: one gRPC hop');
      rows.push(...(await hopRows(hopScenarios({ ...tracing, OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' }))));
    }
    if ([...parts].some((part) => part !== 'hop')) {
      progress('starting Postgres, Redis and the five apps from their bundles');
      // Durable as in production (fsync, synchronous_commit and full-page writes on): checkout's figures
      // include the commit of every saga step, as a deploy pays it.
      const postgres = await startEmbeddedPostgres({ durable: true });
      started.push(postgres);
      const redis = await startRedisServer();
      started.push(redis);
      // The apps as `npm start` runs them, with the edge's limits lifted (one client address drives everything here).
      const databases = systemDatabases(postgres.url);
      system = await startSystem({
        databases,
        redisUrl: redis.url,
        jwtKeyDir,
        mode: 'built',
        seed: true,
        keepLines: 50,
        env: singleClientEnv(appEnv),
      });
      await restock(databases.inventory);
      const context: EdgeContext = { system, gatewayBundle: join(buildDir, 'gateway', 'main.cjs'), redisUrl: redis.url, jwtKeyDir, tracing };

      if (parts.has('edge')) {
        progress('part 2: a product read at the edge');
        rows.push(...(await edgeRows(context)));
      }
      if (parts.has('load')) {
        progress('part 3: checkout and journeys under load');
        rows.push(...(await loadRows(system, loadgen)));
      }
      if (parts.has('faults')) {
        progress('part 4: faults');
        rows.push(...(await faultRows(context)));
      }
      if (parts.has('startup')) {
        progress('part 5: start-up');
        rows.push(...(await startupRows({ system, databases, redisUrl: redis.url })));
      }
      if (parts.has('login')) {
        progress('part 6: login at two password-hashing costs');
        rows.push(...(await loginRows({ system, databases, redisUrl: redis.url })));
      }
      if (parts.has('storefront')) {
        progress('part 7: the storefront under Lighthouse');
        rows.push(...(await storefrontRows(system.gatewayUrl)));
      }
    }
    if ((parts.has('hop') || parts.has('edge')) && sink.exports() === 0) rows.push({ part: 'check', name: 'spans reached the OTLP sink', figures: { exports: Number.NaN } });
    if (everyPart) rows.push(...targetRows(rows));
  } finally {
    await system?.stop();
    for (const server of started.reverse()) await server.stop().catch(() => undefined);
    await sink.stop();
    rmSync(jwtKeyDir, { recursive: true, force: true });
  }

  const results = describeRun(rows, settings.smoke, { ...settings, parts: [...parts], appEnv, otlpExports: sink.exports() });
  process.stdout.write(json ? `${JSON.stringify(results, null, 2)}\n` : textTables(results));
  // A full run on an overloaded machine may leave a row without latencies (nothing completed in its
  // window): that is a result. A smoke run must show that every row still runs.
  const missing = missingFigures(rows);
  if (missing.length > 0) {
    process.stderr.write(`bench: rows without figures:\n  ${missing.join('\n  ')}\n`);
    if (settings.smoke) return 1;
  }
  // Only a full run of every part is the run results.json records.
  if (!settings.smoke && everyPart) {
    writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
    progress(`results written to ${RESULTS_FILE}`);
  }
  return 0;
}

/** Bench-only stock: a million more of every product, so that no row measures out-of-stock answers. */
async function restock(inventoryDatabase: string): Promise<void> {
  const client = new pg.Client({ connectionString: inventoryDatabase });
  await client.connect();
  try {
    await client.query('UPDATE products SET stock = stock + 1000000');
  } finally {
    await client.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
