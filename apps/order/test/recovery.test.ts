import { status } from '@shop/rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cards, failure, newUser, ShopSystem } from './support/system';

/** Payment answers Charge and Refund this much later: a wide window to be killed in. */
const PAYMENT_LATENCY_MS = 300;

describe('checkouts whose outcome is unknown are finished by the recovery worker', () => {
  let shop: ShopSystem;

  beforeAll(async () => {
    shop = await ShopSystem.start({ paymentEnv: { PAYMENT_FAULT_LATENCY_MS: String(PAYMENT_LATENCY_MS) } });
    await shop.addProducts([
      { sku: 'widget', stock: 1_000, priceMinor: 700 },
      { sku: 'gadget', stock: 25, priceMinor: 3_000 },
    ]);
  });
  afterAll(() => shop?.stop());

  async function waitForOrderAt(steps: string[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows } = await shop.orderDb.query('SELECT 1 FROM orders WHERE step = ANY($1) LIMIT 1', [steps]);
      if (rows.length > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no order reached ${steps.join(' or ')} within ${timeoutMs} ms`);
  }

  it('reaches a consistent end after the order process is SIGKILLed mid-checkout, again and again', { timeout: 90_000 }, async () => {
    const buyers: string[] = [];
    for (let round = 0; round < 3; round++) {
      const users = Array.from({ length: 20 }, newUser);
      buyers.push(...users);
      await Promise.all(
        users.map(async (userId, i) => {
          await shop.carts.addItem({ userId, sku: 'widget', quantity: 1 + (i % 3) });
          if (i % 2 === 0) await shop.carts.addItem({ userId, sku: 'gadget', quantity: 1 });
        }),
      );
      const checkouts = users.map((userId, i) =>
        shop.orders
          .placeOrder({ userId, idempotencyKey: 'checkout', card: i % 5 === 0 ? cards.declined : cards.approved }, { timeoutMs: 5_000 })
          .catch(() => undefined),
      );
      // Kill it while money is in motion: some order is charging or committing.
      await waitForOrderAt(['CHARGING', 'COMMITTING'], 15_000);
      await shop.order.stop('SIGKILL');
      await Promise.all(checkouts);
      await shop.startOrder();
    }

    await shop.waitForQuiet(45_000);
    expect(await shop.invariants()).toEqual([]);

    const { rows } = await shop.orderDb.query<{ user_id: string; orders: number; recovered: number }>(
      `SELECT user_id, count(*)::int AS orders, count(*) FILTER (WHERE attempts > 0)::int AS recovered
       FROM orders WHERE user_id = ANY($1) GROUP BY user_id`,
      [buyers],
    );
    // Never two orders for one idempotency key, and the worker did have orphans to finish.
    expect(rows.every((row) => row.orders === 1)).toBe(true);
    expect(rows.reduce((sum, row) => sum + row.recovered, 0)).toBeGreaterThan(0);

    // A retry with the same key after the crash answers with the one order, at rest.
    const sample = rows.slice(0, 5);
    for (const { user_id: userId } of sample) {
      const { order } = await shop.orders.placeOrder({ userId, idempotencyKey: 'checkout', card: cards.approved });
      expect(['ORDER_STATE_CONFIRMED', 'ORDER_STATE_FAILED']).toContain(order!.state);
    }
    const again = await shop.orderDb.query('SELECT count(*)::int AS n FROM orders WHERE user_id = ANY($1)', [sample.map((row) => row.user_id)]);
    expect(again.rows[0].n).toBe(sample.length);
  });

  it('fences a charge whose caller ran out of time instead of trusting that nothing was taken', { timeout: 30_000 }, async () => {
    const userId = newUser();
    await shop.carts.addItem({ userId, sku: 'widget', quantity: 1 });
    // Less time than payment takes: the charge (or, on a slow machine, the reservation) times out.
    // The order keeps time back to answer PENDING; a slow machine may miss even that.
    const first = await shop.orders.placeOrder({ userId, idempotencyKey: 'hurried', card: cards.approved }, { timeoutMs: 450 }).then(
      ({ order }) => order!.state,
      (error: { code: status }) => status[error.code],
    );
    expect(['ORDER_STATE_PENDING', 'DEADLINE_EXCEEDED']).toContain(first);

    await shop.waitForQuiet(20_000);
    const { order } = await shop.orders.placeOrder({ userId, idempotencyKey: 'hurried', card: cards.approved });
    expect(order!.state).toBe('ORDER_STATE_FAILED');
    expect(['payment_unresolved', 'checkout_interrupted']).toContain(order!.failureReason);
    expect(['VOIDED', 'REFUNDED', undefined]).toContain((await shop.paymentOf(order!.id))?.state);
    expect(await shop.invariants()).toEqual([]);
  });

  it('charges nothing and creates no order while inventory is down', { timeout: 30_000 }, async () => {
    const userId = newUser();
    await shop.carts.addItem({ userId, sku: 'widget', quantity: 1 });
    const payments = await shop.paymentCount();
    await shop.inventory.stop('SIGKILL');

    const error = await failure(shop.orders.placeOrder({ userId, idempotencyKey: 'k', card: cards.approved }));
    expect(error.code).toBe(status.UNAVAILABLE);
    const { rows } = await shop.orderDb.query('SELECT count(*)::int AS n FROM orders WHERE user_id = $1', [userId]);
    expect(rows[0].n).toBe(0);
    expect(await shop.paymentCount()).toBe(payments);
    expect((await failure(shop.carts.getCart({ userId }))).code).toBe(status.UNAVAILABLE);
  });
});
