import type { Metrics } from '@shop/metrics';
import type { RpcMetrics } from '@shop/rpc';

/**
 * The rpc layer's RED metrics on an app's prom-client registry: each method bound once (its label
 * set resolved, a served method's series created at zero), when its service is added or its
 * client made. What every app's server and clients use, and the benchmark's chassis client.
 */
export function rpcMetrics(metrics: Metrics): RpcMetrics {
  return {
    serverMethod(service, method) {
      metrics.grpcServer.initialize({ service, method, type: 'unary' });
      return metrics.grpcServer.bind({ service, method, type: 'unary' });
    },
    clientMethod: (service, method) => metrics.grpcClient.bind({ service, method, type: 'unary' }),
  };
}
