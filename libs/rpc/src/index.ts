export * from './errors';
export { quotaRefusalOf, type QuotaRefusal } from './error-details';
export { isDependencyOutage } from './outages';
export { isTargetFailure } from './target-health';
export * from './protos';
export * from './metrics';
export { GrpcServer, serviceNameOf, methodNameOf, type GrpcServerOptions, type MethodNames, type UnaryHandlers } from './server';
export {
  createClient,
  DEFAULT_CHANNELS,
  DEFAULT_RETRY_POLICY,
  type Breaker,
  type CallOptions,
  type ClientOptions,
  type RetryPolicy,
  type ServiceClient,
  type UnaryClient,
} from './client';
export { status, Metadata, type ServiceError } from '@grpc/grpc-js';
export { shopProtos, toTimestamp, fromTimestamp, type ShopProtos } from './shop-protos';
export { parseRequest } from './validation';
export { decodePageToken, encodePageToken } from './page-token';
export { channelCredentials, DEFAULT_TLS_RELOAD_MS, readTlsDirectory, serverCredentials, TLS_FILES, type TlsMaterial } from './credentials';
export { MAX_REQUEST_BYTES, MAX_RESPONSE_BYTES } from './message-limits';
