export { runGrpcService, type GrpcServiceApp, type GrpcServiceSpec } from './grpc-service';
export type { BaseSpec, RunningService, ServiceBase, ServiceContext } from './runtime';
export { configSchema, type ConfigOf, type ChassisConfig, type DatabaseConfig, type DatabaseSpec, type RedisConfig, type RedisSpec } from './env';
export { inBatches, type Worker, type WorkerOptions } from './worker';
export { rpcMetrics } from './rpc-metrics';
