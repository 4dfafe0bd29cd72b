export { createMetrics, grpcCodeName } from './metrics';
export type {
  BoundGrpcMetrics,
  GrpcCall,
  GrpcMetrics,
  GrpcOutcome,
  GrpcType,
  HttpMetrics,
  HttpOutcome,
  Metrics,
  MetricsOptions,
} from './metrics';
export { DeferredCounter, DeferredCount } from './deferred-counter';
export { gaugeFromCallback, registerPoolMetrics } from './gauges';
export type { CallbackGaugeOptions, LabeledValue, PoolStats } from './gauges';
export { redisCommandMetrics } from './redis';
export type { RedisCommandMetrics, RedisOutcome } from './redis';
export { startAdminServer } from './admin';
export type { AdminServer, AdminServerOptions, Check } from './admin';
export { createDiagnostics } from './diagnostics';
export type { DiagnosticsHandler, DiagnosticsOptions } from './diagnostics';
export { Counter, Gauge, Histogram, Registry } from 'prom-client';
