import { freePort, startApp, type RunningApp } from '@shop/testing';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayTestEnv } from './support/system';

/*
 * One call context per request: the chassis opens it with the gateway's largest budget (here the
 * checkout's, 10 s) and a product read's route tightens it to REQUEST_BUDGET_MS. Inventory is a
 * black hole that accepts connections and never answers, so the read ends at whichever budget holds.
 */

const ROUTE_BUDGET_MS = 300;
const CHECKOUT_BUDGET_MS = 10_000;

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
      REQUEST_BUDGET_MS: String(ROUTE_BUDGET_MS),
      CHECKOUT_BUDGET_MS: String(CHECKOUT_BUDGET_MS),
    },
  });
});

afterAll(async () => {
  await gateway?.process.kill();
  for (const socket of held) socket.destroy();
  await new Promise((resolve) => blackHole?.close(resolve));
});

describe("a route's budget", () => {
  it("answers 504 at the route's budget, inside the request's larger one", async () => {
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/products/COF-001`);
    const elapsed = performance.now() - started;
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ status: 504 });
    // Bounds, not a timing: at the route's budget (timers fire no earlier), long before the checkout's.
    expect(elapsed).toBeGreaterThanOrEqual(ROUTE_BUDGET_MS - 5);
    expect(elapsed).toBeLessThan(CHECKOUT_BUDGET_MS / 2);
  });
});
