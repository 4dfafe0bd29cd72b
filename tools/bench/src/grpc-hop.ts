// `npm run bench`: what the chassis costs on one unary gRPC hop, against bare @grpc/grpc-js measured
// in the same run on the same machine. Closed loop: CONCURRENCY calls in flight for BENCH_SECONDS
// after a warm-up; the server runs in its own process. Prints throughput, latency percentiles and
// the ratio to the bare baseline.
import * as grpc from '@grpc/grpc-js';
import { createBreaker } from '@shop/breakers';
import { createMetrics } from '@shop/metrics';
import { createClient, type RpcMetrics } from '@shop/rpc';
import { loadRelay } from '@shop/rpc/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { drive, settings, summarize } from './closed-loop';

const { seconds, warmupSeconds, concurrency } = settings;
const definition = loadRelay().grpcObject.shop.testing.v1.RelayService.service;
const relay = definition.Relay;

type Call = () => Promise<unknown>;

interface Scenario {
  name: string;
  server: 'bare' | 'chassis';
  serverEnv?: Record<string, string>;
  client: 'bare' | 'chassis';
}

const SCENARIOS: Scenario[] = [
  { name: 'bare grpc-js client → bare grpc-js server (baseline)', server: 'bare', client: 'bare' },
  { name: 'bare client → chassis server, LOG_LEVEL=warn', server: 'chassis', serverEnv: { LOG_LEVEL: 'warn' }, client: 'bare' },
  { name: 'bare client → chassis server, a log line per call', server: 'chassis', serverEnv: { LOG_LEVEL: 'info' }, client: 'bare' },
  { name: 'chassis client → chassis server, a log line per call', server: 'chassis', serverEnv: { LOG_LEVEL: 'info' }, client: 'chassis' },
];

async function main(): Promise<void> {
  console.log(`one unary hop, ${concurrency} calls in flight, ${warmupSeconds}s warm-up + ${seconds}s measured per row\n`);
  const rows: Array<{ name: string; rate: number; p50: number; p90: number; p99: number; max: number }> = [];
  for (const scenario of SCENARIOS) {
    const { child, port } = await startServer(scenario);
    try {
      const call = clientFor(scenario.client, `127.0.0.1:${port}`);
      await drive(call, warmupSeconds);
      rows.push({ name: scenario.name, ...summarize(await drive(call, seconds), seconds) });
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
  const baseline = rows[0]!.rate;
  const table = rows.map((row) => ({
    scenario: row.name,
    'calls/s': Math.round(row.rate),
    'p50 ms': row.p50.toFixed(2),
    'p90 ms': row.p90.toFixed(2),
    'p99 ms': row.p99.toFixed(2),
    'max ms': row.max.toFixed(2),
    'vs baseline': `${(row.rate / baseline).toFixed(2)}×`,
  }));
  console.table(table);
}

function clientFor(kind: 'bare' | 'chassis', target: string): Call {
  const request = { key: 'bench' };
  if (kind === 'bare') {
    const client = new grpc.Client(target, grpc.credentials.createInsecure());
    return () =>
      new Promise((resolve, reject) => {
        client.makeUnaryRequest(
          relay.path,
          relay.requestSerialize,
          relay.responseDeserialize,
          request,
          new grpc.Metadata(),
          { deadline: Date.now() + 5000 },
          (error, response) => (error ? reject(error) : resolve(response)),
        );
      });
  }
  const metrics = createMetrics({ service: 'bench-client', defaultMetrics: false });
  const rpcMetrics: RpcMetrics = {
    serverCall: () => () => undefined,
    clientCall: (service, method) => {
      const bound = metrics.grpcClient.bind({ service, method, type: 'unary' });
      const started = performance.now();
      bound.started();
      return (code) => bound.handled(code, (performance.now() - started) / 1000);
    },
  };
  const client = createClient(definition, {
    target,
    breaker: createBreaker({ target: 'bench', registry: metrics.registry }),
    metrics: rpcMetrics,
  });
  return () => client.relay(request);
}

async function startServer(scenario: Scenario): Promise<{ child: ChildProcess; port: number }> {
  // The server's log goes to /dev/null, as cheap a reader as a log collector can be; it reports its
  // port over IPC.
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'servers.ts'), scenario.server], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ADMIN_PORT: '0', ...scenario.serverEnv },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`${scenario.server} server exited (${code})`)));
  });
  return { child, port };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
