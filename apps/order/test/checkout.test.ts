import { status } from '@shop/rpc';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cards, failure, newUser, ShopSystem } from './support/system';

describe('PlaceOrder, GetOrder, ListOrders and CancelOrder against real inventory, payment, Postgres and Redis', () => {
  let shop: ShopSystem;

  beforeAll(async () => {
    shop = await ShopSystem.start();
    await shop.addProducts([
      { sku: 'mug', stock: 100, priceMinor: 1250 },
      { sku: 'lamp', stock: 1, priceMinor: 4000 },
      { sku: 'book', stock: 100, priceMinor: 800 },
    ]);
  });
  afterAll(() => shop?.stop());

  async function cartWith(userId: string, lines: Array<[string, number]>) {
    for (const [sku, quantity] of lines) await shop.carts.addItem({ userId, sku, quantity });
  }

  it('confirms a checkout: payment captured, stock committed, cart cleared', async () => {
    const userId = newUser();
    await cartWith(userId, [['mug', 2], ['book', 1]]);
    const before = await shop.stockOf('mug');

    const { order } = await shop.orders.placeOrder({ userId, idempotencyKey: 'k1', card: cards.approved });
    expect(order).toMatchObject({ userId, state: 'ORDER_STATE_CONFIRMED', failureReason: '', total: { amountMinor: 3300, currencyCode: 'EUR' } });
    expect(order!.items.map((item) => [item.sku, item.quantity, item.lineTotal?.amountMinor])).toEqual([
      ['mug', 2, 2500],
      ['book', 1, 800],
    ]);
    expect(await shop.paymentOf(order!.id)).toEqual({ state: 'CAPTURED', amount_minor: '3300' });
    expect(await shop.reservationOf(order!.id)).toBe('COMMITTED');
    expect(await shop.stockOf('mug')).toBe(before - 2);
    expect((await shop.carts.getCart({ userId })).cart!.items).toEqual([]);

    // A repeat answers with the same order, although the cart is empty now.
    const repeat = await shop.orders.placeOrder({ userId, idempotencyKey: 'k1', card: cards.approved });
    expect(repeat.order).toMatchObject({ id: order!.id, state: 'ORDER_STATE_CONFIRMED' });
    expect((await shop.orders.getOrder({ userId, orderId: order!.id })).order).toMatchObject({ id: order!.id, state: 'ORDER_STATE_CONFIRMED' });
    expect((await failure(shop.orders.getOrder({ userId: newUser(), orderId: order!.id }))).code).toBe(status.NOT_FOUND);

    const metrics = await (await fetch(`http://127.0.0.1:${shop.order.adminPort}/metrics`)).text();
    expect(metrics).toMatch(/orders_total\{outcome="confirmed",service="order"\} [1-9]/);
  });

  it('exports the saga backlog: how many orders are in flight and how old the oldest is', async () => {
    const backlog = async () => {
      const text = await (await fetch(`http://127.0.0.1:${shop.order.adminPort}/metrics`)).text();
      const value = (name: string) => Number(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1]);
      return { count: value('orders_in_flight'), oldest: value('orders_in_flight_oldest_seconds') };
    };
    // An order stuck mid-charge for a minute, which recovery is told not to touch for an hour.
    const id = randomUUID();
    await shop.orderDb.query(
      `INSERT INTO orders (id, user_id, idempotency_key, state, step, total_minor, currency_code, next_attempt_at, created_at)
       VALUES ($1, $2, 'stuck', 'PENDING', 'CHARGING', 100, 'EUR', now() + interval '1 hour', now() - interval '60 seconds')`,
      [id, newUser()],
    );
    try {
      const stuckOneSeen = async () => {
        const { count, oldest } = await backlog();
        return count === 1 && oldest >= 60;
      };
      await expect.poll(stuckOneSeen, { timeout: 5000, interval: 100 }).toBe(true);
    } finally {
      await shop.orderDb.query('DELETE FROM orders WHERE id = $1', [id]);
    }
    await expect.poll(backlog, { timeout: 5000, interval: 100 }).toEqual({ count: 0, oldest: 0 });
  });

  it('fails a declined card: nothing captured, the stock back on the shelf', async () => {
    for (const [card, reason] of [
      [cards.declined, 'payment_declined'],
      [cards.insufficientFunds, 'insufficient_funds'],
    ] as const) {
      const userId = newUser();
      await cartWith(userId, [['mug', 3]]);
      const before = await shop.stockOf('mug');
      const { order } = await shop.orders.placeOrder({ userId, idempotencyKey: 'k', card });
      expect(order).toMatchObject({ state: 'ORDER_STATE_FAILED', failureReason: reason });
      expect((await shop.paymentOf(order!.id))?.state).toBe('DECLINED');
      expect(await shop.reservationOf(order!.id)).toBe('RELEASED');
      expect(await shop.stockOf('mug')).toBe(before);
      // The cart stays, so the buyer can try another card.
      expect((await shop.carts.getCart({ userId })).cart!.items).toHaveLength(1);
    }
  });

  it('fails an order for more than is in stock without charging', async () => {
    const userId = newUser();
    await cartWith(userId, [['lamp', 1], ['mug', 1]]);
    await shop.carts.setItemQuantity({ userId, sku: 'lamp', quantity: 2 });
    const { order } = await shop.orders.placeOrder({ userId, idempotencyKey: 'k', card: cards.approved });
    expect(order).toMatchObject({ state: 'ORDER_STATE_FAILED', failureReason: 'out_of_stock' });
    expect(await shop.paymentOf(order!.id)).toBeUndefined();
    expect(await shop.reservationOf(order!.id)).toBeUndefined();
    expect(await shop.stockOf('lamp')).toBe(1);
  });

  it('refuses bad requests before creating anything', async () => {
    const userId = newUser();
    await cartWith(userId, [['mug', 1]]);
    const malformed = [
      { ...cards.approved, number: '4242424242424241' }, // Luhn
      { ...cards.approved, number: '4242 4242 4242 4242' },
      { ...cards.approved, expMonth: 13 },
      { ...cards.approved, expYear: 2020 }, // expired
      { ...cards.approved, cvc: '12' },
    ];
    for (const card of malformed) {
      const error = await failure(shop.orders.placeOrder({ userId, idempotencyKey: 'bad', card }));
      expect(error.code, error.details).toBe(status.INVALID_ARGUMENT);
      expect(error.details).not.toContain(card.number);
    }
    for (const request of [
      { userId, idempotencyKey: 'bad' },
      { userId, idempotencyKey: '', card: cards.approved },
      { userId, idempotencyKey: 'x'.repeat(129), card: cards.approved },
      { userId: '', idempotencyKey: 'bad', card: cards.approved },
    ]) {
      expect((await failure(shop.orders.placeOrder(request))).code).toBe(status.INVALID_ARGUMENT);
    }
    expect((await failure(shop.orders.placeOrder({ userId: newUser(), idempotencyKey: 'k', card: cards.approved }))).code).toBe(
      status.FAILED_PRECONDITION,
    );
    const { rows } = await shop.orderDb.query('SELECT count(*)::int AS n FROM orders WHERE user_id = $1', [userId]);
    expect(rows[0].n).toBe(0);
  });

  it('answers a repeat with the first order even when the cart holds something else by then', async () => {
    const userId = newUser();
    await cartWith(userId, [['book', 1]]);
    const { order } = await shop.orders.placeOrder({ userId, idempotencyKey: 'again', card: cards.approved });
    expect(order).toMatchObject({ state: 'ORDER_STATE_CONFIRMED', total: { amountMinor: 800 } });
    const paymentsBefore = await shop.paymentCount();

    await cartWith(userId, [['mug', 1]]);
    const repeat = await shop.orders.placeOrder({ userId, idempotencyKey: 'again', card: cards.approved });
    expect(repeat.order).toMatchObject({ id: order!.id, state: 'ORDER_STATE_CONFIRMED', total: { amountMinor: 800 } });
    const { rows } = await shop.orderDb.query('SELECT count(*)::int AS n FROM orders WHERE user_id = $1', [userId]);
    expect(rows[0].n).toBe(1);
    expect(await shop.paymentCount()).toBe(paymentsBefore);
    // The cart is the user's next order, untouched by the repeat.
    expect((await shop.carts.getCart({ userId })).cart!.items.map((item) => item.sku)).toEqual(['mug']);
  });

  it('turns 20 concurrent identical PlaceOrders into one order and one charge', async () => {
    const userId = newUser();
    await cartWith(userId, [['book', 2]]);
    const paymentsBefore = await shop.paymentCount();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => shop.orders.placeOrder({ userId, idempotencyKey: 'same', card: cards.approved })),
    );
    const ids = new Set(answers.map((answer) => answer.order!.id));
    expect(ids.size).toBe(1);
    const [orderId] = [...ids];
    expect(answers.every((answer) => answer.order!.state === 'ORDER_STATE_CONFIRMED')).toBe(true);
    const { rows } = await shop.orderDb.query('SELECT count(*)::int AS n FROM orders WHERE user_id = $1', [userId]);
    expect(rows[0].n).toBe(1);
    expect(await shop.paymentCount()).toBe(paymentsBefore + 1);
    expect(await shop.paymentOf(orderId!)).toEqual({ state: 'CAPTURED', amount_minor: '1600' });
  });

  it('pages through a user’s orders newest first with an opaque token bound to the user', async () => {
    const userId = newUser();
    const placed: string[] = [];
    for (const key of ['a', 'b', 'c']) {
      await cartWith(userId, [['book', 1]]);
      placed.push((await shop.orders.placeOrder({ userId, idempotencyKey: key, card: cards.approved })).order!.id);
    }
    const first = await shop.orders.listOrders({ userId, pageSize: 2 });
    expect(first.orders.map((order) => order.id)).toEqual([placed[2], placed[1]]);
    expect(first.nextPageToken).not.toBe('');
    const second = await shop.orders.listOrders({ userId, pageSize: 2, pageToken: first.nextPageToken });
    expect(second.orders.map((order) => order.id)).toEqual([placed[0]]);
    expect(second.nextPageToken).toBe('');

    for (const request of [
      { userId: newUser(), pageToken: first.nextPageToken },
      { userId, pageToken: 'not-a-token' },
      { userId, pageSize: -1 },
    ]) {
      expect((await failure(shop.orders.listOrders(request))).code).toBe(status.INVALID_ARGUMENT);
    }
  });

  it('cancels a confirmed order once: refund, stock back, CANCELLED', async () => {
    const userId = newUser();
    await cartWith(userId, [['mug', 4]]);
    const { order } = await shop.orders.placeOrder({ userId, idempotencyKey: 'k', card: cards.approved });
    const afterSale = await shop.stockOf('mug');

    expect((await failure(shop.orders.cancelOrder({ userId: newUser(), orderId: order!.id }))).code).toBe(status.NOT_FOUND);
    const cancelled = (await shop.orders.cancelOrder({ userId, orderId: order!.id })).order!;
    expect(cancelled).toMatchObject({ id: order!.id, state: 'ORDER_STATE_CANCELLED', failureReason: '' });
    expect((await shop.paymentOf(order!.id))?.state).toBe('REFUNDED');
    expect(await shop.reservationOf(order!.id)).toBe('RELEASED');
    expect(await shop.stockOf('mug')).toBe(afterSale + 4);
    expect((await shop.orders.cancelOrder({ userId, orderId: order!.id })).order).toMatchObject({ state: 'ORDER_STATE_CANCELLED' });

    await cartWith(userId, [['mug', 1]]);
    const declined = (await shop.orders.placeOrder({ userId, idempotencyKey: 'k2', card: cards.declined })).order!;
    expect((await failure(shop.orders.cancelOrder({ userId, orderId: declined.id }))).code).toBe(status.FAILED_PRECONDITION);
  });

  it('never writes a card number to its logs, and every invariant holds', async () => {
    const printed = shop.order.process.lines.map((line) => line.text).join('\n');
    for (const card of Object.values(cards)) expect(printed).not.toContain(card.number);
    expect(printed).toContain('order transition');
    expect(await shop.invariants()).toEqual([]);
  });
});
