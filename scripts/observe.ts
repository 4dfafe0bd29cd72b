// The observability stack of `npm run observe` (scripts/up.ts --observe): the trace collector with
// its store (deploy/observability/otel/collector.yaml) before the apps, so that they export to it,
// and Prometheus scraping every app's admin port and the collector once they are up, with the
// chart's rules loaded (deploy/observability/rules/rules.yaml: the SLOs, their burn-rate alerts).
import {
  COLLECTOR_MISSING,
  findCollector,
  findOnPath,
  PROMETHEUS_MISSING,
  repoRoot,
  startCollector,
  startPrometheus,
  SYSTEM_APPS,
  type RunningCollector,
  type RunningSystem,
} from '@shop/local-system';
import { join } from 'node:path';

export const OBSERVE_PORTS = { prometheus: 9090, otlpHttp: 4318, otlpGrpc: 4317, query: 16686, queryGrpc: 16685, health: 13133, metrics: 8888 };
export const RULES_FILE = join(repoRoot(), 'deploy', 'observability', 'rules', 'rules.yaml');

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
  scrapeApps(system: RunningSystem): Promise<void>;
  stop(): Promise<void>;
}

export interface ObservabilityOptions {
  /** Prometheus' data directory; a temporary one (removed on stop) when omitted. */
  dataDir?: string;
  /** OBSERVE_PORTS (the default), or free loopback ports. */
  ports: 'default' | 'free';
}

export async function startObservability(options: ObservabilityOptions): Promise<Observability> {
  const { prometheus: prometheusPort, ...collectorPorts } = OBSERVE_PORTS;
  const fixed = options.ports === 'default';
  const collector: RunningCollector = await startCollector(fixed ? { ports: collectorPorts } : {});
  let stopPrometheus: (() => Promise<void>) | undefined;
  return {
    appEnv: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpEndpoint, OTEL_TRACES_SAMPLER_ARG: '1' },
    async scrapeApps(system) {
      // namespace="shop": the label a ServiceMonitor adds in the cluster, which the rules select on.
      const labels = (app: string) => ({ namespace: 'shop', app });
      const prometheus = await startPrometheus({
        port: fixed ? prometheusPort : undefined,
        dataDir: options.dataDir === undefined ? undefined : join(options.dataDir, 'prometheus'),
        scrapeInterval: '5s',
        ruleFiles: [RULES_FILE],
        targets: [
          ...SYSTEM_APPS.map((app) => ({ address: `127.0.0.1:${system.apps[app].adminPort}`, labels: labels(app) })),
          { address: collector.metricsAddress, labels: labels('otel-collector') },
        ],
      });
      stopPrometheus = prometheus.stop;
      console.log(
        [
          'Observability:',
          `  Prometheus   ${prometheus.url}  (the dashboards' queries: deploy/grafana/dashboards)`,
          `  Alerts       ${prometheus.url}/api/v1/alerts  (the SLO burn-rate alerts and the others of deploy/observability/rules)`,
          `  Targets      ${prometheus.url}/api/v1/targets`,
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
