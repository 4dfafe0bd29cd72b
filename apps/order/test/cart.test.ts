import { status } from '@shop/rpc';
import { redisUrl } from '@shop/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { cards, failure, newUser, ShopSystem } from './support/system';

describe('CartService against real inventory and Redis', () => {
  let shop: ShopSystem;

  beforeAll(async () => {
    shop = await ShopSystem.start({ orderEnv: { CART_MAX_QUANTITY_PER_LINE: '5', CART_MAX_LINES: '3' } });
    await shop.addProducts([
      { sku: 'mug', stock: 10, priceMinor: 1250 },
      { sku: 'tee', stock: 1, priceMinor: 2000 },
      { sku: 'cap', stock: 4, priceMinor: 900 },
      { sku: 'pin', stock: 4, priceMinor: 100 },
    ]);
  });
  afterAll(() => shop?.stop());

  it('gives a user without a cart an empty one, in the catalog currency', async () => {
    const { cart } = await shop.carts.getCart({ userId: newUser() });
    expect(cart?.items).toEqual([]);
    expect(cart?.total).toEqual({ amountMinor: 0, currencyCode: 'EUR' });
  });

  it('adds, merges, sets and removes lines, pricing every answer from the catalog', async () => {
    const userId = newUser();
    await shop.carts.addItem({ userId, sku: 'mug', quantity: 1 });
    await shop.carts.addItem({ userId, sku: 'tee', quantity: 2 });
    const merged = (await shop.carts.addItem({ userId, sku: 'mug', quantity: 2 })).cart!;
    expect(merged.items.map((item) => [item.sku, item.quantity])).toEqual([
      ['mug', 3],
      ['tee', 2],
    ]);
    expect(merged.items[0]).toMatchObject({ name: 'Product mug', unitPrice: { amountMinor: 1250 }, lineTotal: { amountMinor: 3750 }, available: true });
    // Only one tee is in stock: the line is a hint that it cannot all be had.
    expect(merged.items[1]).toMatchObject({ available: false, lineTotal: { amountMinor: 4000 } });
    expect(merged.total).toEqual({ amountMinor: 7750, currencyCode: 'EUR' });

    const set = (await shop.carts.setItemQuantity({ userId, sku: 'tee', quantity: 1 })).cart!;
    expect(set.items.find((item) => item.sku === 'tee')).toMatchObject({ quantity: 1, available: true });
    const removed = (await shop.carts.removeItem({ userId, sku: 'mug' })).cart!;
    expect(removed.items.map((item) => item.sku)).toEqual(['tee']);
    // Removing what is not there is not an error; setting 0 removes.
    await shop.carts.removeItem({ userId, sku: 'mug' });
    expect((await shop.carts.setItemQuantity({ userId, sku: 'tee', quantity: 0 })).cart!.items).toEqual([]);

    await shop.carts.addItem({ userId, sku: 'cap', quantity: 1 });
    expect((await shop.carts.clearCart({ userId })).cart!.items).toEqual([]);
    expect((await shop.carts.getCart({ userId })).cart!.items).toEqual([]);
  });

  it('refuses bad input with INVALID_ARGUMENT or NOT_FOUND and writes nothing', async () => {
    const userId = newUser();
    await shop.carts.addItem({ userId, sku: 'mug', quantity: 2 });
    const refusals = await Promise.all([
      failure(shop.carts.addItem({ userId, sku: 'mug', quantity: 0 })),
      failure(shop.carts.addItem({ userId, sku: 'mug', quantity: -3 })),
      failure(shop.carts.addItem({ userId, sku: '', quantity: 1 })),
      failure(shop.carts.addItem({ userId: '', sku: 'mug', quantity: 1 })),
      failure(shop.carts.setItemQuantity({ userId, sku: 'mug', quantity: 6 })),
      failure(shop.carts.setItemQuantity({ userId, sku: 'mug', quantity: -1 })),
      // 2 + 4 would pass the per-line cap of 5: checked atomically with the write.
      failure(shop.carts.addItem({ userId, sku: 'mug', quantity: 4 })),
    ]);
    for (const error of refusals) expect(error.code, error.details).toBe(status.INVALID_ARGUMENT);
    expect((await failure(shop.carts.addItem({ userId, sku: 'no-such-sku', quantity: 1 }))).code).toBe(status.NOT_FOUND);
    expect((await failure(shop.carts.setItemQuantity({ userId, sku: 'no-such-sku', quantity: 1 }))).code).toBe(status.NOT_FOUND);

    const { cart } = await shop.carts.getCart({ userId });
    expect(cart!.items.map((item) => [item.sku, item.quantity])).toEqual([['mug', 2]]);
  });

  it('keeps the per-line cap under concurrent adds', async () => {
    const userId = newUser();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => shop.carts.addItem({ userId, sku: 'pin', quantity: 1 })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(5);
    expect((await shop.carts.getCart({ userId })).cart!.items[0]!.quantity).toBe(5);
  });

  it('refuses a line beyond the maximum number of lines with FAILED_PRECONDITION', async () => {
    const userId = newUser();
    for (const sku of ['mug', 'tee', 'cap']) await shop.carts.addItem({ userId, sku, quantity: 1 });
    expect((await failure(shop.carts.addItem({ userId, sku: 'pin', quantity: 1 }))).code).toBe(status.FAILED_PRECONDITION);
    // A line already in the cart can still change.
    expect((await shop.carts.addItem({ userId, sku: 'mug', quantity: 1 })).cart!.items).toHaveLength(3);
  });

  it('sells in the shop currency only: another is refused in carts, never summed, never charged', async () => {
    await shop.inventoryDb.query(`INSERT INTO products (sku, name, price_minor, currency_code, stock) VALUES ('usd-mug', 'Mug in dollars', 1500, 'USD', 10)`);
    const userId = newUser();
    const refused = await failure(shop.carts.addItem({ userId, sku: 'usd-mug', quantity: 1 }));
    expect(refused.code).toBe(status.FAILED_PRECONDITION);
    expect(refused.details).toContain('sells in EUR only');
    expect((await shop.carts.getCart({ userId })).cart!.items).toEqual([]);

    // A line that got in anyway (the product was repriced since it was added): outside the total, and checkout refuses the cart.
    await shop.carts.addItem({ userId, sku: 'mug', quantity: 1 });
    const redis = new Redis(redisUrl());
    try {
      await redis.hset(`order:cart:${userId}`, 'qty:usd-mug', '1', 'pos:usd-mug', '99');
    } finally {
      redis.disconnect();
    }
    const cart = (await shop.carts.getCart({ userId })).cart!;
    expect(cart.total).toEqual({ amountMinor: 1250, currencyCode: 'EUR' });
    expect(cart.items.find((item) => item.sku === 'usd-mug')).toMatchObject({ available: false, unitPrice: null });
    const checkout = await failure(shop.orders.placeOrder({ userId, idempotencyKey: randomUUID(), card: cards.approved }));
    expect(checkout.code).toBe(status.FAILED_PRECONDITION);
    expect(checkout.details).toContain('usd-mug');
    expect((await shop.orderDb.query('SELECT count(*)::int AS n FROM orders WHERE user_id = $1', [userId])).rows[0].n).toBe(0);
  });

  it('keeps amounts exact: a price above 2^53 - 1 cannot be stored, a total above it is never charged', async () => {
    await expect(
      shop.inventoryDb.query(`INSERT INTO products (sku, name, price_minor, currency_code, stock) VALUES ('huge', 'Too dear', 9007199254740992, 'EUR', 1)`),
    ).rejects.toThrow(/products_price_minor_safe/);
    await shop.inventoryDb.query(`INSERT INTO products (sku, name, price_minor, currency_code, stock) VALUES ('dear', 'Dear', 9007199254740991, 'EUR', 5)`);
    const userId = newUser();
    const refused = await failure(shop.carts.addItem({ userId, sku: 'dear', quantity: 2 }));
    expect(refused.code).toBe(status.FAILED_PRECONDITION);
    const checkout = await failure(shop.orders.placeOrder({ userId, idempotencyKey: randomUUID(), card: cards.approved }));
    expect(checkout.code).toBe(status.FAILED_PRECONDITION);
    expect((await shop.orderDb.query('SELECT count(*)::int AS n FROM orders WHERE user_id = $1', [userId])).rows[0].n).toBe(0);
  });

  it('stores carts with a TTL that every change renews', async () => {
    const userId = newUser();
    await shop.carts.addItem({ userId, sku: 'mug', quantity: 1 });
    const redis = new Redis(redisUrl());
    try {
      const ttl = await redis.ttl(`order:cart:${userId}`);
      expect(ttl).toBeGreaterThan(7 * 24 * 3600 - 60);
      await redis.expire(`order:cart:${userId}`, 100);
      await shop.carts.setItemQuantity({ userId, sku: 'mug', quantity: 2 });
      expect(await redis.ttl(`order:cart:${userId}`)).toBeGreaterThan(7 * 24 * 3600 - 60);
    } finally {
      redis.disconnect();
    }
  });
});
