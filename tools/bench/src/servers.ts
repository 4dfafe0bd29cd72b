// The processes the benchmark compares, each in its own process (one core per side); each reports
// its port over IPC. The bench target bundles this file (dist/tools/bench/servers.cjs) as the apps
// are bundled, so the chassis runs here as it ships (not under tsx, whose per-closure helpers cost
// the chassis a share of every call).
//   relay-bare:      @grpc/grpc-js with a hand-written Relay handler, nothing else
//   relay-chassis:   the same RPC through runGrpcService (interceptors, deadline context, status
//                    mapping, RED metrics, health, tracing and logging as the environment says)
//   inventory-bare:  a bare grpc-js InventoryService answering GetProduct from memory (with
//                    STALL=1: never answering, a stalled downstream)
//   edge-bare:       a bare Express 5 app whose product route calls inventory-bare (TARGET) over
//                    one grpc-js channel: the yardstick of the gateway
import './tracing-first';
import * as grpc from '@grpc/grpc-js';
import { serviceEnv, z } from '@shop/config';
import { shopProtos } from '@shop/rpc';
import { loadRelay } from '@shop/rpc/testing';
import { runGrpcService } from '@shop/service';
import express from 'express';

const kind = process.argv[2];
const listening = (port: number) => process.send?.({ port });

if (kind === 'relay-bare' || kind === 'relay-chassis') relay(kind);
else if (kind === 'inventory-bare') inventory(process.env['STALL'] === '1');
else if (kind === 'edge-bare') edge(process.env['TARGET'] ?? '');
else throw new Error(`unknown server kind ${kind}`);

function relay(which: 'relay-bare' | 'relay-chassis'): void {
  const definition = loadRelay().grpcObject.shop.testing.v1.RelayService.service;
  const reply = { hops: [{ name: 'leaf', deadlineMs: 0, receivedAtMs: 0, traceId: '' }] };
  if (which === 'relay-bare') {
    bareServer(definition, {
      Relay: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback(null, reply),
      RelayOnce: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback(null, reply),
      GetStats: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback(null, {}),
    });
    return;
  }
  void runGrpcService({
    name: 'bench',
    config: z.object(serviceEnv({ port: 0, adminPort: 0 })),
    register(app) {
      app.server.addService(definition, { Relay: async () => reply, RelayOnce: async () => reply, GetStats: async () => ({}) });
    },
  }).then(({ port }) => listening(port));
}

/** A product of the seed catalog's size and shape. */
const PRODUCT = {
  sku: 'BOK-001',
  name: 'The Pragmatic Programmer, 20th anniversary edition',
  description: 'Thomas and Hunt on the craft of programming: tracer bullets, orthogonality and the broken windows.',
  price: { amountMinor: 4290, currencyCode: 'EUR' },
  imageUrl: 'https://images.example.com/bok-001.jpg',
  tags: ['books', 'software'],
  availableStock: 1000,
};

function inventory(stall: boolean): void {
  const definition = shopProtos().grpcObject.shop.inventory.v1.InventoryService.service;
  const unimplemented = (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback({ code: grpc.status.UNIMPLEMENTED });
  const handlers: grpc.UntypedServiceImplementation = Object.fromEntries(Object.keys(definition).map((method) => [method, unimplemented]));
  handlers['GetProduct'] = stall ? () => undefined : (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback(null, { product: PRODUCT });
  bareServer(definition, handlers);
}

function edge(target: string): void {
  const getProduct = shopProtos().grpcObject.shop.inventory.v1.InventoryService.service.GetProduct;
  const client = new grpc.Client(target, grpc.credentials.createInsecure());
  const app = express();
  app.get('/api/v1/products/:sku', (req, res, next) => {
    client.makeUnaryRequest(
      getProduct.path,
      getProduct.requestSerialize,
      getProduct.responseDeserialize,
      { sku: req.params.sku },
      new grpc.Metadata(),
      { deadline: Date.now() + 5000 },
      (error, response) => (error ? next(error) : res.json((response as { product: unknown }).product)),
    );
  });
  const server = app.listen(0, '127.0.0.1', () => listening((server.address() as { port: number }).port));
  process.once('SIGTERM', () => server.close(() => client.close()));
}

function bareServer(definition: grpc.ServiceDefinition, handlers: grpc.UntypedServiceImplementation): void {
  const server = new grpc.Server();
  server.addService(definition, handlers);
  server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
    if (error) throw error;
    listening(port);
  });
  process.once('SIGTERM', () => server.forceShutdown());
}
