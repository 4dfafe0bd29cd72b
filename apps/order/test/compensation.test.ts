import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cards, newUser, ShopSystem } from './support/system';

/** A slow processor: time enough to lose inventory, or a reservation, while the charge runs. */
const PAYMENT_LATENCY_MS = 1_200;

describe('a checkout that loses inventory after the charge', () => {
  let shop: ShopSystem;

  beforeAll(async () => {
    shop = await ShopSystem.start({ paymentEnv: { PAYMENT_FAULT_LATENCY_MS: String(PAYMENT_LATENCY_MS) } });
    await shop.addProducts([{ sku: 'kettle', stock: 10, priceMinor: 2_500 }]);
  });
  afterAll(() => shop?.stop());

  async function waitForStep(orderStep: string): Promise<string> {
    for (let waited = 0; waited < 10_000; waited += 10) {
      const { rows } = await shop.orderDb.query<{ id: string }>('SELECT id FROM orders WHERE step = $1', [orderStep]);
      if (rows[0]) return rows[0].id;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no order reached ${orderStep}`);
  }

  it('is left PENDING when inventory dies, and confirmed by recovery once it is back', { timeout: 60_000 }, async () => {
    const userId = newUser();
    await shop.carts.addItem({ userId, sku: 'kettle', quantity: 2 });
    const placing = shop.orders.placeOrder({ userId, idempotencyKey: 'k', card: cards.approved });
    const orderId = await waitForStep('CHARGING');
    await shop.inventory.stop('SIGKILL');

    // Charged, but the commit could not be made: not an error, not a failure, still in flight.
    const { order } = await placing;
    expect(order).toMatchObject({ id: orderId, state: 'ORDER_STATE_PENDING' });
    expect((await shop.paymentOf(orderId))?.state).toBe('CAPTURED');

    await shop.startInventory();
    await shop.startOrder();
    await shop.waitForQuiet(30_000);
    expect((await shop.orders.getOrder({ userId, orderId })).order!.state).toBe('ORDER_STATE_CONFIRMED');
    expect(await shop.reservationOf(orderId)).toBe('COMMITTED');
    expect((await shop.carts.getCart({ userId })).cart!.items).toEqual([]);
    expect(await shop.invariants()).toEqual([]);
  });

  it('refunds the charge when the reservation expires before it can be committed', { timeout: 60_000 }, async () => {
    // Holds last 1 s here, less than the charge takes.
    await shop.inventory.stop('SIGTERM');
    await shop.startInventory({ RESERVATION_TTL_MS: '1000', RESERVATION_SWEEP_INTERVAL_MS: '200' });
    await shop.startOrder();
    const userId = newUser();
    await shop.carts.addItem({ userId, sku: 'kettle', quantity: 1 });
    const before = await shop.stockOf('kettle');

    const { order } = await shop.orders.placeOrder({ userId, idempotencyKey: 'k', card: cards.approved });
    expect(order).toMatchObject({ state: 'ORDER_STATE_FAILED', failureReason: 'reservation_expired' });
    expect((await shop.paymentOf(order!.id))?.state).toBe('REFUNDED');
    expect(['EXPIRED', 'RELEASED']).toContain(await shop.reservationOf(order!.id));
    expect(await shop.stockOf('kettle')).toBe(before);
    expect(await shop.invariants()).toEqual([]);
  });
});
