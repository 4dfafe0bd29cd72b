// The observability stack of `npm run observe` (scripts/up.ts --observe): the trace collector with
// its store (deploy/observability/otel/collector.yaml) before the apps, so that they export to it,
// and Prometheus scraping every app's admin port and the collector once they are up.
import {
  COLLECTOR_MISSING,
  DEFAULT_PORTS,
  findCollector,
  findOnPath,
  PROMETHEUS_MISSING,
  startCollector,
  startPrometheus,
  SYSTEM_APPS,
  type RunningCollector,
} from '@shop/local-system';
import { join } from 'node:path';

export const OBSERVE_PORTS = { prometheus: 9090, otlpHttp: 4318, otlpGrpc: 4317, query: 16686, queryGrpc: 16685, health: 13133, metrics: 8888 };

/** One line saying how to get the first missing tool, or undefined when all are there. */
export function missingObserveTool(): string | undefined {
  if (!findOnPath('prometheus')) return PROMETHEUS_MISSING;
  if (!findCollector()) return COLLECTOR_MISSING;
  return undefined;
}

export interface Observability {
  /** Environment for every app: export traces to the collector, no head sampling (it tail-samples). */
  appEnv: Record<string, string>;
  /** Starts Prometheus on the apps' admin ports and prints where everything is. */
  scrapeApps(): Promise<void>;
  stop(): Promise<void>;
}

export async function startObservability(dataDir: string): Promise<Observability> {
  const { prometheus: prometheusPort, ...collectorPorts } = OBSERVE_PORTS;
  const collector: RunningCollector = await startCollector({ ports: collectorPorts });
  let stopPrometheus: (() => Promise<void>) | undefined;
  return {
    appEnv: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpEndpoint, OTEL_TRACES_SAMPLER_ARG: '1' },
    async scrapeApps() {
      const prometheus = await startPrometheus({
        port: prometheusPort,
        dataDir: join(dataDir, 'prometheus'),
        scrapeInterval: '5s',
        targets: [
          ...SYSTEM_APPS.map((app) => ({ address: `127.0.0.1:${DEFAULT_PORTS[app].adminPort}`, labels: { app } })),
          { address: collector.metricsAddress, labels: { app: 'otel-collector' } },
        ],
      });
      stopPrometheus = prometheus.stop;
      console.log(
        [
          'Observability:',
          `  Prometheus   ${prometheus.url}  (targets: ${prometheus.url}/targets; dashboards' queries: deploy/grafana/dashboards)`,
          `  Traces       ${collector.queryUrl}/api/traces?service=gateway&limit=20  (Jaeger query API; one trace: /api/traces/<trace id>)`,
          `  OTLP/HTTP    ${collector.otlpEndpoint}  (the collector: tail sampling, deploy/observability/otel/collector.yaml)`,
        ].join('\n'),
      );
    },
    async stop() {
      await stopPrometheus?.();
      await collector.stop();
    },
  };
}
