import { eventually, freePort, startApp, type RunningApp } from '@shop/testing';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayTestEnv } from './support/system';

/*
 * One call context per request: the chassis opens it with the gateway's largest budget (the
 * checkout's) and a product read's route tightens it to REQUEST_BUDGET_MS. Inventory is a black hole
 * that accepts connections and never answers, so a read ends at whichever budget holds, or when
 * its client goes away.
 */

const CHECKOUT_BUDGET_MS = 10_000;

let blackHole: Server;
const held = new Set<Socket>();
const gateways: RunningApp[] = [];

async function startGateway(requestBudgetMs: number): Promise<RunningApp> {
  const deadPort = await freePort();
  const gateway = await startApp('gateway', {
    env: {
      ...gatewayTestEnv(),
      JWT_KEY_WAIT_MS: '0', // no user service here
      USER_ADDR: `127.0.0.1:${deadPort}`,
      ORDER_ADDR: `127.0.0.1:${deadPort}`,
      INVENTORY_ADDR: `127.0.0.1:${(blackHole.address() as { port: number }).port}`,
      REQUEST_BUDGET_MS: String(requestBudgetMs),
      CHECKOUT_BUDGET_MS: String(CHECKOUT_BUDGET_MS),
    },
  });
  gateways.push(gateway);
  return gateway;
}

/** The gateway's count of GetProduct calls to inventory that ended CANCELLED. */
async function cancelledReads(gateway: RunningApp): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${gateway.adminPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('grpc_client_handled_total{') && l.includes('grpc_method="GetProduct"') && l.includes('grpc_code="Canceled"'));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

beforeAll(async () => {
  blackHole = createServer((socket) => void held.add(socket));
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', () => resolve()));
});

afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.process.kill()));
  for (const socket of held) socket.destroy();
  await new Promise((resolve) => blackHole?.close(resolve));
});

describe("a request's context", () => {
  it("answers 504 at the route's budget, inside the request's larger one", async () => {
    const routeBudgetMs = 300;
    const gateway = await startGateway(routeBudgetMs);
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/products/COF-001`);
    const elapsed = performance.now() - started;
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ status: 504 });
    // Bounds, not a timing: at the route's budget (timers fire no earlier), long before the checkout's.
    expect(elapsed).toBeGreaterThanOrEqual(routeBudgetMs - 5);
    expect(elapsed).toBeLessThan(CHECKOUT_BUDGET_MS / 2);
  });

  it('cancels the call to inventory when the client goes away, long before the budget', async () => {
    const gateway = await startGateway(CHECKOUT_BUDGET_MS);
    const before = await cancelledReads(gateway);
    const client = new AbortController();
    const read = fetch(`http://127.0.0.1:${gateway.port}/api/v1/products/COF-001`, { signal: client.signal }).catch(() => undefined);
    // Time enough for the read to reach its gRPC call; the budget would end it only after 10 s.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    client.abort();
    await read;
    expect(await eventually(async () => (await cancelledReads(gateway)) === before + 1, 4_000)).toBe(true);
  });
});
