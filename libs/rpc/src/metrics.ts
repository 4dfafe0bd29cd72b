import type { status } from '@grpc/grpc-js';

/**
 * What the rpc layer reports about every call; `@shop/service` binds it to the app's prom-client
 * registry. Each function is called when a call starts and returns the function that ends it.
 */
export interface RpcMetrics {
  /** A method the server serves, announced once when its service is added. */
  serverMethod?(service: string, method: string): void;
  serverCall(service: string, method: string): (code: status) => void;
  clientCall(service: string, method: string): (code: status) => void;
}
