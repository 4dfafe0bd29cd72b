import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A service address in front of an app's replicas, as a Kubernetes Service is: callers connect to
 * one port, each new connection goes to the next backend in turn. Removing a backend (an endpoint
 * leaving the Service) sends no new connection to it and leaves its open ones alone, so the app
 * drains them itself on SIGTERM (gRPC GOAWAY, HTTP `Connection: close`). A backend that dies takes
 * its connections with it; with no backend at all a connection is refused at once.
 */
export interface Balancer {
  readonly address: string;
  readonly port: number;
  backends(): readonly number[];
  add(port: number): void;
  remove(port: number): void;
  close(): Promise<void>;
}

export async function startBalancer(): Promise<Balancer> {
  let backends: number[] = [];
  let next = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const port = backends[next++ % Math.max(1, backends.length)];
    if (port === undefined) return client.destroy();
    const upstream = connect(port, '127.0.0.1');
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    port,
    backends: () => backends,
    add(backend) {
      backends = [...backends, backend];
    },
    remove(backend) {
      backends = backends.filter((candidate) => candidate !== backend);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
