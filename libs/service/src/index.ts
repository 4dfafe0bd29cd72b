export { runGrpcService, type GrpcServiceApp, type GrpcServiceSpec, type RunningService } from './grpc-service';
export type { BaseSpec, ServiceContext } from './runtime';
export type { ChassisConfig } from './env';
