import type { status } from '@grpc/grpc-js';

/**
 * What the rpc layer reports about every call; `@shop/service` binds it to the app's prom-client
 * registry. A method is bound once, when its service is added to a server or its client is made,
 * so a call does no lookup of its method's counters.
 */
export interface RpcMetrics {
  /** A method the server serves (its series are created at zero here). */
  serverMethod(service: string, method: string): MethodMetrics;
  /** A method a client calls. */
  clientMethod(service: string, method: string): MethodMetrics;
}

/** One method's counters: `started` when a call starts, `handled` once when it ends. */
export interface MethodMetrics {
  started(): void;
  handled(code: status, seconds: number): void;
}
