import type * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import { GrpcServer, type RpcMetrics } from '../src';
import { createRelayHandlers, loadRelay } from '../src/testing';

const { grpcObject, packageDefinition } = loadRelay();
export const relayDefinition = grpcObject.shop.testing.v1.RelayService.service;

export interface RelayServer {
  address: string;
  stop(): Promise<void>;
}

/** A relay service on the chassis's server, on a free loopback port, and how to reach and stop it. */
export async function startRelayServer(
  options: { name?: string; clientOptions?: Parameters<typeof createRelayHandlers>[0]['clientOptions']; credentials?: grpc.ServerCredentials; reflection?: boolean; metrics?: RpcMetrics } = {},
): Promise<RelayServer> {
  const { name = 'leaf', clientOptions = {}, ...serverOptions } = options;
  const relay = createRelayHandlers({ name, clientOptions });
  const server = new GrpcServer({ logger: pino({ level: 'silent' }), packageDefinitions: [packageDefinition], ...serverOptions });
  server.addService(relayDefinition, relay.handlers);
  const port = await server.listen('127.0.0.1', 0);
  server.setServing(true);
  return {
    address: `127.0.0.1:${port}`,
    stop: async () => {
      relay.close();
      await server.shutdown(1000);
    },
  };
}
