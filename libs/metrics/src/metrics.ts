import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DeferredCounter, type DeferredCount } from './deferred-counter';

export type GrpcType = 'unary' | 'client_stream' | 'server_stream' | 'bidi_stream';

/** Which RPC: `service` is the fully qualified gRPC service, e.g. `shop.orders.v1.Orders`. */
export interface GrpcCall {
  service: string;
  method: string;
  type: GrpcType;
}

export interface GrpcOutcome extends GrpcCall {
  /** The numeric gRPC status code (grpc-js `status`). */
  code: number;
  seconds: number;
}

/** Pre-resolved label sets for one method: what interceptors hold on to, one lookup per method. */
export interface BoundGrpcMetrics {
  started(): void;
  handled(code: number, seconds: number): void;
}

export interface GrpcMetrics {
  /**
   * Creates a method's series at zero for every code before its first call, as go-grpc-prometheus
   * does: `increase()` and `rate()` cannot see a series' first sample, so a series born with an
   * error would hide that error from alerts and canary gates.
   */
  initialize(call: GrpcCall): void;
  started(call: GrpcCall): void;
  /** One call at the end of an RPC: counts it as handled with its code and records its latency. */
  observe(outcome: GrpcOutcome): void;
  bind(call: GrpcCall): BoundGrpcMetrics;
}

export interface HttpOutcome {
  method: string;
  /** The route template (`/orders/:id`), never the raw path: raw paths are unbounded cardinality. */
  route: string;
  status: number;
  seconds: number;
}

export interface HttpMetrics {
  observe(outcome: HttpOutcome): void;
}

export interface Metrics {
  registry: Registry;
  grpcServer: GrpcMetrics;
  grpcClient: GrpcMetrics;
  http: HttpMetrics;
}

export interface MetricsOptions {
  /** The app name; added as a `service` label to every series of this registry. */
  service: string;
  /** Process and Node.js runtime metrics (CPU, memory, event loop lag, GC). Default true. */
  defaultMetrics?: boolean;
}

// Label values as go-grpc-prometheus writes them (Go's codes.Code.String()), so stock dashboards
// and alerts (`grpc_code!="OK"`, `grpc_code="Unavailable"`) work unchanged.
const GRPC_CODE_NAMES = [
  'OK',
  'Canceled',
  'Unknown',
  'InvalidArgument',
  'DeadlineExceeded',
  'NotFound',
  'AlreadyExists',
  'PermissionDenied',
  'ResourceExhausted',
  'FailedPrecondition',
  'Aborted',
  'OutOfRange',
  'Unimplemented',
  'Internal',
  'Unavailable',
  'DataLoss',
  'Unauthenticated',
] as const;

export function grpcCodeName(code: number): string {
  return GRPC_CODE_NAMES[code] ?? `Code(${code})`;
}

// Prometheus client defaults (what go-grpc-prometheus uses).
const GRPC_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// The OpenTelemetry semantic conventions' advice for http.server.request.duration.
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

const GRPC_LABELS = ['grpc_type', 'grpc_service', 'grpc_method'] as const;
const GRPC_HANDLED_LABELS = [...GRPC_LABELS, 'grpc_code'] as const;

function grpcMetrics(registry: Registry, side: 'server' | 'client'): GrpcMetrics {
  const noun = side === 'server' ? 'RPCs started on the server' : 'RPCs started by the client';
  // Counted on every call, so a bound method counts in plain numbers (DeferredCounter); the
  // histogram is still observed per call, since its buckets cannot be added to in bulk.
  const startedCounts = new DeferredCounter({
    name: `grpc_${side}_started_total`,
    help: `Total number of ${noun}.`,
    labelNames: GRPC_LABELS,
    registers: [registry],
  });
  const handledCounts = new DeferredCounter({
    name: `grpc_${side}_handled_total`,
    help: `Total number of RPCs completed on the ${side}, regardless of success or failure.`,
    labelNames: GRPC_HANDLED_LABELS,
    registers: [registry],
  });
  const started = startedCounts.counter;
  const handled = handledCounts.counter;
  const seconds = new Histogram({
    name: `grpc_${side}_handling_seconds`,
    help: `Histogram of response latency (seconds) of gRPC calls until completion on the ${side}.`,
    labelNames: GRPC_LABELS,
    buckets: GRPC_BUCKETS,
    registers: [registry],
  });

  function labels(call: GrpcCall) {
    return { grpc_type: call.type, grpc_service: call.service, grpc_method: call.method };
  }

  return {
    initialize(call) {
      const l = labels(call);
      started.inc(l, 0);
      for (let code = 0; code < GRPC_CODE_NAMES.length; code++) handled.inc({ ...l, grpc_code: grpcCodeName(code) }, 0);
    },
    started(call) {
      started.inc(labels(call));
    },
    observe(outcome) {
      const l = labels(outcome);
      seconds.observe(l, outcome.seconds);
      handled.inc({ ...l, grpc_code: grpcCodeName(outcome.code) });
    },
    bind(call) {
      const l = labels(call);
      // The counts are the method's, shared however often it is bound.
      const startedCount = startedCounts.count(l);
      const secondsChild = seconds.labels(l);
      // One count per code, looked up on its first use: most methods only ever see a few codes.
      const handledByCode: Array<DeferredCount<(typeof GRPC_HANDLED_LABELS)[number]> | undefined> = [];
      return {
        started() {
          startedCount.inc();
        },
        handled(code, s) {
          secondsChild.observe(s);
          (handledByCode[code] ??= handledCounts.count({ ...l, grpc_code: grpcCodeName(code) })).inc();
        },
      };
    },
  };
}

function httpMetrics(registry: Registry): HttpMetrics {
  const duration = new Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'Duration of HTTP server requests.',
    labelNames: ['http_request_method', 'http_route', 'http_response_status_code'] as const,
    buckets: HTTP_BUCKETS,
    registers: [registry],
  });
  return {
    observe({ method, route, status, seconds }) {
      duration.observe(
        { http_request_method: method, http_route: route, http_response_status_code: status },
        seconds,
      );
    },
  };
}

/**
 * The app's metrics, in a registry of its own (never prom-client's global one, so tests and several
 * apps in one process do not collide). Serve `registry` with startAdminServer.
 */
export function createMetrics({ service, defaultMetrics = true }: MetricsOptions): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (defaultMetrics) {
    collectDefaultMetrics({ register: registry });
    // Gauges named like counters (promtool rejects them); each is the sum over `type` of the
    // nodejs_active_{handles,requests,resources} gauge that stays.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) {
      registry.removeSingleMetric(name);
    }
  }
  return {
    registry,
    grpcServer: grpcMetrics(registry, 'server'),
    grpcClient: grpcMetrics(registry, 'client'),
    http: httpMetrics(registry),
  };
}
