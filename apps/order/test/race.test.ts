import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cards, newUser, ShopSystem } from './support/system';

const BUYERS = 200;
const UNITS = 10;

describe('many buyers, little stock', () => {
  let shop: ShopSystem;

  beforeAll(async () => {
    shop = await ShopSystem.start();
    await shop.addProducts([{ sku: 'limited', stock: UNITS, priceMinor: 5000 }]);
  });
  afterAll(() => shop?.stop());

  it(`sells exactly ${UNITS} units to ${BUYERS} concurrent checkouts and charges nobody else`, { timeout: 60_000 }, async () => {
    const buyers = Array.from({ length: BUYERS }, newUser);
    for (let i = 0; i < buyers.length; i += 50) {
      await Promise.all(buyers.slice(i, i + 50).map((userId) => shop.carts.addItem({ userId, sku: 'limited', quantity: 1 })));
    }

    const answers = await Promise.all(
      buyers.map((userId) => shop.orders.placeOrder({ userId, idempotencyKey: 'checkout', card: cards.approved })),
    );
    await shop.waitForQuiet(30_000);

    const { rows } = await shop.orderDb.query<{ id: string; state: string; failure_reason: string | null }>(
      'SELECT id, state, failure_reason FROM orders',
    );
    expect(rows).toHaveLength(BUYERS);
    const confirmed = rows.filter((row) => row.state === 'CONFIRMED');
    const failed = rows.filter((row) => row.state === 'FAILED');
    expect(confirmed).toHaveLength(UNITS);
    expect(failed).toHaveLength(BUYERS - UNITS);
    expect(new Set(failed.map((row) => row.failure_reason))).toEqual(new Set(['out_of_stock']));
    // Every answer was already terminal: nobody was left waiting on a PENDING order.
    expect(answers.filter((answer) => answer.order!.state === 'ORDER_STATE_CONFIRMED')).toHaveLength(UNITS);

    expect(await shop.stockOf('limited')).toBe(0);
    const payments = await shop.paymentDb.query<{ order_id: string; state: string }>('SELECT order_id, state FROM payments');
    expect(payments.rows.map((row) => row.order_id).sort()).toEqual(confirmed.map((row) => row.id).sort());
    expect(payments.rows.every((row) => row.state === 'CAPTURED')).toBe(true);
    expect(await shop.invariants()).toEqual([]);
  });
});
