import type { Instrumentation } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';

/** Probe and metrics scrapes are not traffic worth tracing. */
const UNTRACED_HTTP_PATHS = new Set(['/metrics', '/healthz', '/readyz']);
const UNTRACED_GRPC_METHODS = [/^grpc\.health\.v1\./, /^grpc\.reflection\./];

/** The libraries the apps use, patched as they load (each enables itself when constructed). */
export function instrumentations(): Instrumentation[] {
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request) => UNTRACED_HTTP_PATHS.has((request.url ?? '').split('?')[0] ?? ''),
      ignoreOutgoingRequestHook: () => false,
    }),
    new ExpressInstrumentation(),
    new GrpcInstrumentation({ ignoreGrpcMethods: UNTRACED_GRPC_METHODS }),
    new PgInstrumentation({ requireParentSpan: true }),
    new IORedisInstrumentation({ requireParentSpan: true }),
    // No pino instrumentation: the chassis logger stamps trace_id/span_id itself (its mixin), and a
    // second mixin would compute the same fields again on every line.
  ];
}
