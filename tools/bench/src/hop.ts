// Part 1: what the chassis costs on one unary gRPC hop, against bare @grpc/grpc-js in the same run.
// Closed loop; each server runs in its own process; the client is this process. The rows are driven
// in interleaved turns and also report each side's CPU per call (closed-loop.ts).
import * as grpc from '@grpc/grpc-js';
import { createBreaker } from '@shop/breakers';
import { createMetrics } from '@shop/metrics';
import { createClient, isTargetFailure } from '@shop/rpc';
import { loadRelay } from '@shop/rpc/testing';
import { rpcMetrics } from '@shop/service';
import { driveInterleaved, settings, summarize } from './closed-loop';
import { startServer, type RunningServer } from './processes';
import type { Row } from './report';

const PART = 'gRPC hop';

type Call = () => Promise<unknown>;

export interface Scenario {
  name: string;
  server: 'relay-bare' | 'relay-chassis';
  serverEnv?: Record<string, string>;
  client: 'bare' | 'chassis';
}

/** `tracing`: the environment that sends 10% of traces to the run's OTLP sink. */
export function hopScenarios(tracing: Record<string, string>): Scenario[] {
  return [
    { name: 'bare grpc-js client → bare grpc-js server (baseline)', server: 'relay-bare', client: 'bare' },
    { name: 'bare client → chassis server, LOG_LEVEL=warn', server: 'relay-chassis', serverEnv: { LOG_LEVEL: 'warn' }, client: 'bare' },
    { name: 'bare client → chassis server, a log line per call', server: 'relay-chassis', serverEnv: { LOG_LEVEL: 'info' }, client: 'bare' },
    { name: 'chassis client → chassis server, a log line per call', server: 'relay-chassis', serverEnv: { LOG_LEVEL: 'info' }, client: 'chassis' },
    {
      name: 'chassis client → chassis server, log line + tracing 10% to OTLP',
      server: 'relay-chassis',
      serverEnv: { LOG_LEVEL: 'info', ...tracing },
      client: 'chassis',
    },
  ];
}

/** The rows of part 1; the first scenario is the baseline of the others. */
export async function hopRows(scenarios: Scenario[]): Promise<Row[]> {
  // Every server runs for the whole part; the rows are driven in interleaved turns.
  const servers: RunningServer[] = [];
  try {
    for (const scenario of scenarios) servers.push(await startServer(scenario.server, scenario.serverEnv));
    const subjects = scenarios.map((scenario, index) => ({
      call: clientFor(scenario.client, `127.0.0.1:${servers[index]!.port}`),
      processCpuSeconds: { serverCpuUs: () => servers[index]!.cpuSeconds() },
    }));
    const measured = await driveInterleaved(subjects);
    const baseline = summarize(measured[0]!.latencies, settings.seconds).rate;
    return scenarios.map((scenario, index) => {
      const { latencies, errors, processCpuUs, clientCpuUs } = measured[index]!;
      const summary = summarize(latencies, settings.seconds);
      return {
        part: PART,
        name: scenario.name,
        figures: { ...summary, vsBaseline: summary.rate / baseline, ...processCpuUs, clientCpuUs },
        ...errorNotes(errors),
      };
    });
  } finally {
    for (const server of servers) await server.stop();
  }
}

/** Errors as a note, so that a row that failed is never read as a fast one. */
export function errorNotes(errors: Record<string, number>): { notes?: string } {
  const entries = Object.entries(errors);
  return entries.length === 0 ? {} : { notes: `errors: ${entries.map(([kind, count]) => `${count}× ${kind}`).join(', ')}` };
}

function clientFor(kind: 'bare' | 'chassis', target: string): Call {
  const definition = loadRelay().grpcObject.shop.testing.v1.RelayService.service;
  const relay = definition.Relay;
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
  // The RED metrics bound as every app binds them (once per method, when the client is made).
  const metrics = createMetrics({ service: 'bench-client', defaultMetrics: false });
  const client = createClient(definition, {
    target,
    breaker: createBreaker({ target: 'bench', registry: metrics.registry, isFailure: isTargetFailure }),
    metrics: rpcMetrics(metrics),
  });
  return () => client.relay(request);
}
