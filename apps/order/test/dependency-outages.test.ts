import { status } from '@shop/rpc';
import { eventually, failure, redisUrl, startTcpProxy, type TcpProxy } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUser, ShopSystem } from './support/system';

/*
 * Order's own dependencies taken away for real (Redis and Postgres reached through proxies the
 * test cuts): an outage is UNAVAILABLE, never INTERNAL; what does not need the missing dependency
 * keeps working; the pod stays ready while it can serve; everything recovers by itself.
 */

let shop: ShopSystem;
let redisProxy: TcpProxy;
let dbProxy: TcpProxy;

beforeAll(async () => {
  shop = await ShopSystem.start();
  await shop.addProducts([{ sku: 'widget', stock: 100, priceMinor: 700 }]);
  const redis = new URL(redisUrl());
  redisProxy = await startTcpProxy(redis.hostname, Number(redis.port));
  const db = new URL(shop.databases.order.url);
  dbProxy = await startTcpProxy(db.hostname, Number(db.port));
  db.host = `127.0.0.1:${dbProxy.port}`;
  await shop.order.process.kill();
  await shop.startOrder({ REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`, DATABASE_URL: db.toString(), READINESS_INTERVAL_MS: '200' });
  // Healthy is not ready: its connections through the proxies may still be opening, and Redis
  // commands are refused, not queued, until they are (no offline queue).
  expect(await eventually(async () => (await ready()) === 200, 15_000)).toBe(true);
});

afterAll(async () => {
  await shop?.stop();
  await redisProxy?.close();
  await dbProxy?.close();
});

const ready = async () => (await fetch(`http://127.0.0.1:${shop.order.adminPort}/readyz`)).status;
const internalErrors = () => shop.order.process.logs.filter((log) => log['msg'] === 'rpc failed');

describe('order with Redis down', () => {
  it('answers cart calls UNAVAILABLE, keeps serving order reads, stays ready, and recovers by itself', async () => {
    const userId = newUser();
    await shop.carts.addItem({ userId, sku: 'widget', quantity: 1 });
    redisProxy.block();
    try {
      for (const call of [() => shop.carts.getCart({ userId }), () => shop.carts.addItem({ userId, sku: 'widget', quantity: 1 })]) {
        expect((await failure(call())).code).toBe(status.UNAVAILABLE);
      }
      // Checkout needs the cart: it fails the same way and creates nothing.
      expect((await failure(shop.orders.placeOrder({ userId, idempotencyKey: 'no-redis', card: { number: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123', holderName: 'A' } }))).code).toBe(
        status.UNAVAILABLE,
      );
      expect((await shop.orders.listOrders({ userId, pageSize: 5 })).orders).toEqual([]);
      expect(await ready()).toBe(200);
    } finally {
      redisProxy.unblock();
    }
    expect(await eventually(async () => (await shop.carts.getCart({ userId }).then(() => true, () => false)), 15_000)).toBe(true);
    expect(internalErrors()).toEqual([]);
  });
});

describe('order with its Postgres resetting connections', () => {
  it('answers UNAVAILABLE, not INTERNAL, goes unready while it cannot reach it, and recovers by itself', async () => {
    const userId = newUser();
    await shop.orders.listOrders({ userId, pageSize: 5 }); // a pooled connection exists, then is cut
    dbProxy.block();
    try {
      expect((await failure(shop.orders.listOrders({ userId, pageSize: 5 }))).code).toBe(status.UNAVAILABLE);
      expect((await failure(shop.orders.getOrder({ userId, orderId: '00000000-0000-4000-8000-000000000000' }))).code).toBe(status.UNAVAILABLE);
      expect(await eventually(async () => (await ready()) === 503, 10_000)).toBe(true);
    } finally {
      dbProxy.unblock();
    }
    expect(await eventually(async () => shop.orders.listOrders({ userId, pageSize: 5 }).then(() => true, () => false), 15_000)).toBe(true);
    expect(await eventually(async () => (await ready()) === 200, 10_000)).toBe(true);
    expect(internalErrors()).toEqual([]);
  });
});
