import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter as OtlpHttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpHttpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface TracingOptions {
  serviceName: string;
  serviceVersion?: string;
  env?: NodeJS.ProcessEnv;
}

export interface Tracing {
  /** Whether spans leave the process (an OTLP endpoint is configured). */
  readonly exporting: boolean;
  shutdown(): Promise<void>;
}

/** Probe and metrics scrapes are not traffic worth tracing. */
const UNTRACED_HTTP_PATHS = new Set(['/metrics', '/healthz', '/readyz']);
const UNTRACED_GRPC_METHODS = [/^grpc\.health\.v1\./, /^grpc\.reflection\./];

let active: Tracing | undefined;

/**
 * Starts OpenTelemetry tracing for this process. It must run before `@grpc/grpc-js`, `express`, `pg`,
 * `ioredis`, `pino` and `http` are first required, because the instrumentations patch those modules
 * as they load: an app's `main.ts` imports its `instrumentation.ts` (which calls this) first.
 *
 * Context always propagates (W3C trace context and baggage across every HTTP and gRPC hop), so a
 * trace stays whole even when this process does not export. Spans are exported over OTLP/HTTP only
 * when `OTEL_EXPORTER_OTLP_ENDPOINT` (or the traces-specific variable) is set; sampling follows the
 * parent, else `OTEL_TRACES_SAMPLER_ARG` (a ratio, default 1).
 */
export function startTracing(options: TracingOptions): Tracing {
  if (active) return active;
  const env = options.env ?? process.env;
  const endpoint = tracesEndpoint(env);
  const ratio = parseRatio(env['OTEL_TRACES_SAMPLER_ARG']);

  const spanProcessors: SpanProcessor[] = [];
  if (endpoint) {
    const delay = Number(env['OTEL_BSP_SCHEDULE_DELAY']);
    spanProcessors.push(
      new BatchSpanProcessor({
        exporter: createExporter(endpoint, env),
        ...(Number.isFinite(delay) && delay > 0 ? { scheduledDelayMillis: delay } : {}),
      }),
    );
  }

  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: env['OTEL_SERVICE_NAME'] ?? options.serviceName,
      [ATTR_SERVICE_VERSION]: options.serviceVersion ?? env['SERVICE_VERSION'] ?? '0.0.0',
    }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) }),
    spanProcessors,
  });

  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
  trace.setGlobalTracerProvider(provider);

  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_HTTP_PATHS.has((request.url ?? '').split('?')[0] ?? ''),
        ignoreOutgoingRequestHook: () => false,
      }),
      new ExpressInstrumentation(),
      new GrpcInstrumentation({ ignoreGrpcMethods: UNTRACED_GRPC_METHODS }),
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
      // Adds trace_id/span_id to every pino line; log sending stays off (logs go to stdout).
      new PinoInstrumentation({ disableLogSending: true }),
    ],
  });

  active = {
    exporting: Boolean(endpoint),
    async shutdown() {
      unregister();
      await provider.shutdown();
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

/** Per the OTLP exporter specification: the signal-specific URL as is, else the base URL + /v1/traces. */
function tracesEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  const traces = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];
  if (traces) return traces;
  const base = env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  return base ? `${base.replace(/\/$/, '')}/v1/traces` : undefined;
}

function createExporter(url: string, env: NodeJS.ProcessEnv) {
  const protocol = env['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'] ?? env['OTEL_EXPORTER_OTLP_PROTOCOL'] ?? 'http/protobuf';
  return protocol === 'http/json' ? new OtlpHttpJsonExporter({ url }) : new OtlpHttpProtoExporter({ url });
}

function parseRatio(value: string | undefined): number {
  const ratio = value === undefined ? 1 : Number(value);
  return Number.isFinite(ratio) && ratio >= 0 && ratio <= 1 ? ratio : 1;
}
