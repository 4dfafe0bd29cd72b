import { freePort, startApp, type RunningApp } from '@shop/testing';
import { Agent, request, type IncomingMessage } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayTestEnv } from './support/system';

/*
 * SIGTERM under keep-alive, as a load balancer's pooled connections see it: the gateway answers
 * what is in flight with `Connection: close`, closes idle connections, and exits 0 without being
 * forced, while its inventory is a black hole that accepts connections and never answers (so a
 * request stays in flight until its budget runs out).
 */

let blackHole: Server;
const held = new Set<Socket>();
let gateway: RunningApp;

beforeAll(async () => {
  blackHole = createServer((socket) => void held.add(socket));
  const blackHolePort = await new Promise<number>((resolve) => blackHole.listen(0, '127.0.0.1', () => resolve((blackHole.address() as { port: number }).port)));
  const deadPort = await freePort();
  gateway = await startApp('gateway', {
    env: {
      ...gatewayTestEnv(),
      JWT_KEY_WAIT_MS: '0', // no user service here
      USER_ADDR: `127.0.0.1:${deadPort}`,
      ORDER_ADDR: `127.0.0.1:${deadPort}`,
      INVENTORY_ADDR: `127.0.0.1:${blackHolePort}`,
      REQUEST_BUDGET_MS: '2000',
      SHUTDOWN_DRAIN_MS: '300',
      SHUTDOWN_TIMEOUT_MS: '30000',
    },
  });
});

afterAll(async () => {
  await gateway?.process.kill();
  for (const socket of held) socket.destroy();
  await new Promise((resolve) => blackHole?.close(resolve));
});

function get(agent: Agent, path: string): Promise<{ response: IncomingMessage; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: gateway.port, path, agent }, (response) => {
      response.resume();
      response.once('end', () => resolve({ response, socket: req.socket as Socket }));
    });
    req.once('error', reject);
    req.end();
  });
}

describe('the gateway on SIGTERM with keep-alive clients', () => {
  it('closes idle connections, answers in-flight requests with Connection: close, and exits 0 unforced', async () => {
    const idleAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    const busyAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      // An idle pooled connection: answered once, kept open by both sides.
      const idle = await get(idleAgent, '/api/v1/nothing-here');
      expect(idle.response.statusCode).toBe(404);
      expect(idle.response.headers.connection).toBe('keep-alive');
      const idleClosed = new Promise<void>((resolve) => idle.socket.once('close', () => resolve()));

      // A request in flight when SIGTERM arrives (inventory never answers: it ends at its budget).
      const inFlight = get(busyAgent, '/api/v1/products/COF-001');
      await new Promise((resolve) => setTimeout(resolve, 300));
      gateway.process.signal('SIGTERM');

      const busy = await inFlight;
      expect(busy.response.statusCode).toBe(504); // answered, not cut
      expect(busy.response.headers.connection).toBe('close');
      await idleClosed;
      const exit = await gateway.process.exited;
      expect(exit.code).toBe(0);
      const shutDown = gateway.process.logs.find((log) => log['msg'] === 'shut down');
      expect(shutDown?.['forced']).toBe(false);
    } finally {
      idleAgent.destroy();
      busyAgent.destroy();
    }
  });
});
