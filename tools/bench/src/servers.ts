// The servers the benchmark compares, each run as its own process (one core per side).
//   bare:    @grpc/grpc-js with a hand-written handler, nothing else
//   chassis: the same RPC through runGrpcService (interceptors, deadline context, status mapping,
//            RED metrics, health, tracing started without an exporter, pino at LOG_LEVEL)
import './tracing-first';
import * as grpc from '@grpc/grpc-js';
import { serviceEnv, z } from '@shop/config';
import { loadRelay } from '@shop/rpc/testing';
import { runGrpcService } from '@shop/service';

const kind = process.argv[2];
const definition = loadRelay().grpcObject.shop.testing.v1.RelayService.service;
const reply = { hops: [{ name: 'leaf', deadlineMs: 0, receivedAtMs: 0, traceId: '' }] };

if (kind === 'bare') {
  const server = new grpc.Server();
  server.addService(definition, {
    Relay: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback(null, reply),
    RelayOnce: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback(null, reply),
    GetStats: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback(null, {}),
  });
  server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
    if (error) throw error;
    process.send?.({ port });
  });
  process.once('SIGTERM', () => server.forceShutdown());
} else {
  void runGrpcService({
    name: 'bench',
    config: z.object(serviceEnv({ port: 0, adminPort: 0 })),
    register(app) {
      app.server.addService(definition, {
        Relay: async () => reply,
        RelayOnce: async () => reply,
        GetStats: async () => ({}),
      });
    },
  }).then(({ port }) => process.send?.({ port }));
}
