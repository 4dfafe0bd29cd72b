import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A loopback TCP proxy a test can cut: `block()` drops every connection and refuses new ones, as a
 * dead database host would; `unblock()` lets traffic through again.
 *
 * It can also deliver a request late, as a congested network does: `hold()` keeps what clients send
 * on the connections open now instead of forwarding it; `cutHeldClients()` drops the client side of
 * those connections (the client gives up and reconnects; new connections pass through); and
 * `deliverHeld()` finally sends the held bytes to the server on the original connection, whose
 * answers nobody reads any more.
 */
export interface TcpProxy {
  port: number;
  block(): void;
  unblock(): void;
  hold(): void;
  cutHeldClients(): void;
  /** Sends what was held, passed through `transform` first (e.g. to drop frames a lossy network lost). */
  deliverHeld(transform?: (held: Buffer) => Buffer): void;
  close(): Promise<void>;
}

interface Link {
  client: Socket;
  upstream: Socket;
  held?: Buffer[];
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const links = new Set<Link>();
  let blocked = false;
  const server: Server = createServer((client) => {
    if (blocked) return client.destroy();
    const upstream = connect(targetPort, targetHost);
    const link: Link = { client, upstream };
    links.add(link);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      links.delete(link);
    };
    client.on('error', drop).on('close', () => {
      if (!link.held) drop();
    });
    upstream.on('error', drop).on('close', drop);
    client.on('data', (chunk: Buffer) => {
      if (link.held) link.held.push(chunk);
      else upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!client.destroyed) client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const destroyAll = () => {
    for (const { client, upstream } of links) {
      client.destroy();
      upstream.destroy();
    }
    links.clear();
  };
  return {
    port: (server.address() as AddressInfo).port,
    block() {
      blocked = true;
      destroyAll();
    },
    unblock() {
      blocked = false;
    },
    hold() {
      for (const link of links) link.held ??= [];
    },
    cutHeldClients() {
      for (const link of links) if (link.held) link.client.destroy();
    },
    deliverHeld(transform = (held) => held) {
      for (const link of links) {
        if (!link.held) continue;
        const held = Buffer.concat(link.held);
        link.held = undefined;
        if (held.length > 0) link.upstream.write(transform(held));
        if (link.client.destroyed) {
          // Nobody reads the answers: close once the server has had time to act on what it got.
          setTimeout(() => link.upstream.end(), 5_000).unref();
        }
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        destroyAll();
        server.close(() => resolve());
      }),
  };
}
