import { startTcpProxy, type TcpProxy } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cards, newUser, ShopSystem } from './support/system';

/*
 * The late success, delivered for real: a Charge held back in the network reaches payment only
 * after recovery has given up on it and failed the order. The fence (the Refund that compensation
 * records, VOIDED when nothing was captured) must refuse it: no CAPTURED payment for a FAILED order.
 * Order reaches payment through a TCP proxy that holds the Charge's bytes, cuts order's side of the
 * connection (order reconnects, and recovery's calls pass), then delivers the held bytes on the
 * original connection, minus the RST_STREAM with which order cancelled the call at its deadline (a
 * lossy network loses cancellations as easily as requests).
 */

let shop: ShopSystem;
let proxy: TcpProxy;

beforeAll(async () => {
  shop = await ShopSystem.start();
  await shop.addProducts([{ sku: 'widget', stock: 100, priceMinor: 700 }]);
  proxy = await startTcpProxy('127.0.0.1', Number(shop.payment.grpcAddress.split(':').at(-1)));
  await shop.order.process.kill();
  await shop.startOrder({ PAYMENT_ADDR: `127.0.0.1:${proxy.port}` });
});

afterAll(async () => {
  await shop?.stop();
  await proxy?.close();
});

/** An HTTP/2 byte stream that starts at a frame boundary, without its frames of `type`. */
function withoutHttp2Frames(type: number): (bytes: Buffer) => Buffer {
  return (bytes) => {
    const kept: Buffer[] = [];
    for (let at = 0; at + 9 <= bytes.length; ) {
      const length = bytes.readUIntBE(at, 3);
      const frame = bytes.subarray(at, at + 9 + length);
      if (bytes[at + 3] !== type) kept.push(frame);
      at += 9 + length;
    }
    return Buffer.concat(kept);
  };
}
const RST_STREAM = 0x3;

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
    const value = await probe();
    if (value !== undefined) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('a Charge that reaches payment after its order was failed', () => {
  it('is refused by the fence: no CAPTURED payment for the FAILED order, invariants hold', { timeout: 90_000 }, async () => {
    // A first checkout opens order's connection to payment (the one the Charge will be held on).
    const warm = newUser();
    await shop.carts.addItem({ userId: warm, sku: 'widget', quantity: 1 });
    expect((await shop.orders.placeOrder({ userId: warm, idempotencyKey: 'warm', card: cards.approved })).order!.state).toBe('ORDER_STATE_CONFIRMED');

    const userId = newUser();
    await shop.carts.addItem({ userId, sku: 'widget', quantity: 1 });
    proxy.hold();
    await shop.orders.placeOrder({ userId, idempotencyKey: 'late', card: cards.approved }, { timeoutMs: 1_500 }).catch(() => undefined);
    const { id: orderId } = await until(async () => {
      const { rows } = await shop.orderDb.query<{ id: string }>(`SELECT id FROM orders WHERE user_id = $1 AND step = 'CHARGING'`, [userId]);
      return rows[0];
    }, 'the order to wait on its charge');

    // Order gives up on the connection; recovery finds no payment, fences it and fails the order.
    proxy.cutHeldClients();
    await until(async () => {
      const { rows } = await shop.orderDb.query(`SELECT 1 FROM orders WHERE id = $1 AND state = 'FAILED'`, [orderId]);
      return rows[0];
    }, 'recovery to fail the order');
    expect(await shop.paymentOf(orderId)).toMatchObject({ state: 'VOIDED' });

    // Now the Charge arrives, with the full time its header gave it.
    proxy.deliverHeld(withoutHttp2Frames(RST_STREAM));
    await shop.payment.process.waitForLine((_line, log) => log?.['msg'] === 'charge refused: order fenced' && log['orderId'] === orderId, 15_000);

    expect(await shop.paymentOf(orderId)).toMatchObject({ state: 'VOIDED' });
    const { rows } = await shop.orderDb.query<{ state: string }>('SELECT state FROM orders WHERE id = $1', [orderId]);
    expect(rows[0]?.state).toBe('FAILED');
    await shop.waitForQuiet(20_000);
    expect(await shop.invariants()).toEqual([]);
  });
});
