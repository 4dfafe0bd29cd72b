import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK, type NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { AlwaysOffSampler, NoopSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface TracingOptions {
  serviceName: string;
  serviceVersion?: string;
}

export interface Tracing {
  /** Whether spans leave the process (a trace exporter is configured). */
  readonly exporting: boolean;
  shutdown(): Promise<void>;
}

let active: Tracing | undefined;

/**
 * Starts OpenTelemetry for this process: `NodeSDK` owns the SDK's lifecycle and reads the standard
 * `OTEL_*` environment (exporter and its endpoint/protocol, sampler, propagators, resource,
 * `OTEL_SDK_DISABLED`). No module is patched: the chassis makes its own spans on the OpenTelemetry
 * API (the gRPC server and client in @shop/rpc, the HTTP server span in @shop/service, transactions
 * in @shop/db), one per call or request, with attributes built only when a span records. An app's
 * `main.ts` imports its `instrumentation.ts` (which calls this) first, so that the provider is in
 * place before the first span.
 *
 * - `OTEL_SDK_DISABLED=true`: nothing at all (no context, no propagation, no trace ids in logs).
 * - No exporter (neither `OTEL_TRACES_EXPORTER` nor an OTLP endpoint), or `OTEL_TRACES_EXPORTER=none`:
 *   nothing is recorded; trace ids are still made, so log lines of one request join up, and W3C
 *   context still propagates, so a trace sampled upstream continues downstream.
 * - An exporter: the SDK's, from the environment (OTLP over HTTP by default). `OTEL_TRACES_SAMPLER_ARG`
 *   alone (as the chart sets it) means a parent-based ratio, as the config documents.
 */
export function startTracing(options: TracingOptions): Tracing {
  if (active) return active;
  const env = process.env;
  const disabled = env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true';
  const exporting = !disabled && exporterConfigured(env);

  const configuration: Partial<NodeSDKConfiguration> = {
    serviceName: env['OTEL_SERVICE_NAME'] ?? options.serviceName,
    resource: defaultResource().merge(resourceFromAttributes({ [ATTR_SERVICE_VERSION]: options.serviceVersion ?? env['SERVICE_VERSION'] ?? '0.0.0' })),
    instrumentations: [],
    // Metrics are prom-client's and logs go to stdout: the SDK exports neither.
    metricReaders: [],
    logRecordProcessors: [],
  };
  if (!exporting) {
    configuration.spanProcessors = [new NoopSpanProcessor()];
    configuration.sampler = new ParentBasedSampler({ root: new AlwaysOffSampler() });
  } else if (env['OTEL_TRACES_SAMPLER'] === undefined && env['OTEL_TRACES_SAMPLER_ARG'] !== undefined) {
    configuration.sampler = new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(parseRatio(env['OTEL_TRACES_SAMPLER_ARG'])) });
  }
  const sdk = new NodeSDK(configuration);
  sdk.start();

  active = {
    exporting,
    async shutdown() {
      await sdk.shutdown();
    },
  };
  return active;
}

/** Flushes and stops tracing; a no-op when it never started. */
export async function shutdownTracing(): Promise<void> {
  const tracing = active;
  active = undefined;
  await tracing?.shutdown();
}

/** An exporter named other than `none`, or (the SDK's default exporter being OTLP) an OTLP endpoint. */
function exporterConfigured(env: NodeJS.ProcessEnv): boolean {
  const names = (env['OTEL_TRACES_EXPORTER'] ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  // As the SDK reads it: `none` alone is none; `none` among others is its default exporter.
  if (names.length > 0) return names.some((name) => name !== 'none');
  return Boolean(env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_ENDPOINT']);
}

function parseRatio(value: string | undefined): number {
  const ratio = Number(value);
  return Number.isFinite(ratio) && ratio >= 0 && ratio <= 1 ? ratio : 1;
}
