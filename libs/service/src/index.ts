export { runGrpcService, type GrpcServiceApp, type GrpcServiceSpec } from './grpc-service';
export type { BaseSpec, RunningService, ServiceContext } from './runtime';
export type { ChassisConfig } from './env';
export type { Worker, WorkerOptions } from './worker';
