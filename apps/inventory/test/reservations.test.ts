import { status } from '@grpc/grpc-js';
import type { ReservationItem } from '@shop/rpc/generated/shop/inventory/v1/ReservationItem';
import { describe, expect, it } from 'vitest';
import { failure, inventoryFixture, orderId } from './support';

describe('InventoryService reservations against Postgres, as a process', () => {
  const inventory = inventoryFixture(
    'inventory_res',
    [
      { sku: 'MUG', stock: 50 },
      { sku: 'KETTLE', stock: 20 },
      { sku: 'BEANS', stock: 100 },
      { sku: 'RACE', stock: 10 },
      { sku: 'SCARCE', stock: 3 },
    ],
    // A long sweep interval: these tests expire holds by hand, deterministically.
    { RESERVATION_SWEEP_INTERVAL_MS: '3600000' },
  );

  /** Stock and reservations as they are now: what a refused call must leave untouched. */
  async function snapshot() {
    return {
      stock: await Promise.all(['MUG', 'KETTLE', 'BEANS', 'SCARCE'].map((sku) => inventory.tables.stock(sku))),
      reservations: await inventory.tables.reservationCount(),
    };
  }

  describe('ReserveStock refuses bad input with INVALID_ARGUMENT and writes nothing', () => {
    const cases: Array<[string, { orderId: string; items: ReservationItem[] }, string]> = [
      ['an empty order_id', { orderId: '', items: [{ sku: 'MUG', quantity: 1 }] }, 'order_id'],
      ['an order_id over 128 characters', { orderId: 'x'.repeat(129), items: [{ sku: 'MUG', quantity: 1 }] }, 'order_id'],
      ['no items', { orderId: 'o', items: [] }, 'items'],
      ['a zero quantity', { orderId: 'o', items: [{ sku: 'MUG', quantity: 0 }] }, 'items.0.quantity'],
      ['a negative quantity', { orderId: 'o', items: [{ sku: 'MUG', quantity: -5 }] }, 'items.0.quantity'],
      ['an empty sku', { orderId: 'o', items: [{ sku: '', quantity: 1 }] }, 'items.0.sku'],
      [
        'a sku listed twice',
        {
          orderId: 'o',
          items: [
            { sku: 'MUG', quantity: 1 },
            { sku: 'KETTLE', quantity: 1 },
            { sku: 'MUG', quantity: 2 },
          ],
        },
        'items.2.sku',
      ],
      [
        'more than 100 items',
        { orderId: 'o', items: Array.from({ length: 101 }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1 })) },
        'items',
      ],
    ];
    it.each(cases)('%s', async (_name, request, field) => {
      const before = await snapshot();
      const error = await failure(inventory.client.reserveStock(request));
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(error.details).toContain(field);
      expect(await snapshot()).toEqual(before);
    });
  });

  it('reserves every item, takes the stock off the shelf and reports the hold', async () => {
    const id = orderId();
    const before = Date.now();
    const { reservation } = await inventory.client.reserveStock({
      orderId: id,
      items: [
        { sku: 'MUG', quantity: 2 },
        { sku: 'BEANS', quantity: 3 },
      ],
    });
    expect(reservation).toMatchObject({
      orderId: id,
      state: 'RESERVATION_STATE_HELD',
      // One entry per sku, in sku order.
      items: [
        { sku: 'BEANS', quantity: 3 },
        { sku: 'MUG', quantity: 2 },
      ],
    });
    // The default TTL is 15 minutes.
    const expiresAt = Number(reservation!.expiresAt!.seconds) * 1000;
    expect(expiresAt).toBeGreaterThan(before + 14 * 60_000);
    expect(expiresAt).toBeLessThan(before + 16 * 60_000);
    expect(await inventory.tables.ledger('MUG')).toEqual({ available: 48, held: 2, committed: 0 });
    expect(await inventory.tables.ledger('BEANS')).toEqual({ available: 97, held: 3, committed: 0 });
    expect((await inventory.client.getReservation({ orderId: id })).reservation).toEqual(reservation);
  });

  it('answers a repeat with the same items with the same reservation and reserves nothing more', async () => {
    const id = orderId();
    const items = [
      { sku: 'KETTLE', quantity: 1 },
      { sku: 'MUG', quantity: 1 },
    ];
    const first = await inventory.client.reserveStock({ orderId: id, items });
    const mugs = await inventory.tables.stock('MUG');
    // Same items in another order are the same request.
    const repeat = await inventory.client.reserveStock({ orderId: id, items: [...items].reverse() });
    expect(repeat.reservation).toEqual(first.reservation);
    expect(await inventory.tables.stock('MUG')).toBe(mugs);
    expect(await inventory.tables.reservationItemCount(id)).toBe(2);
  });

  it('refuses the same order_id with different items with ALREADY_EXISTS', async () => {
    const id = orderId();
    await inventory.client.reserveStock({ orderId: id, items: [{ sku: 'MUG', quantity: 1 }] });
    const before = await snapshot();
    for (const items of [[{ sku: 'MUG', quantity: 2 }], [{ sku: 'MUG', quantity: 1 }, { sku: 'BEANS', quantity: 1 }]]) {
      const error = await failure(inventory.client.reserveStock({ orderId: id, items }));
      expect(error.code).toBe(status.ALREADY_EXISTS);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an unknown sku with NOT_FOUND and reserves none of the other items', async () => {
    const before = await snapshot();
    const id = orderId();
    const error = await failure(
      inventory.client.reserveStock({
        orderId: id,
        items: [
          { sku: 'MUG', quantity: 1 },
          { sku: 'NO-SUCH-SKU', quantity: 1 },
        ],
      }),
    );
    expect(error.code).toBe(status.NOT_FOUND);
    expect(error.details).toContain('NO-SUCH-SKU');
    expect(await snapshot()).toEqual(before);
    expect(await inventory.tables.reservationCount([id])).toBe(0);
  });

  it.each([
    ['one unit too many', 4],
    ['the largest int32', 2_147_483_647],
  ])('refuses %s with FAILED_PRECONDITION naming the sku, all or nothing', async (_name, quantity) => {
    const before = await snapshot();
    const id = orderId();
    const error = await failure(
      inventory.client.reserveStock({
        orderId: id,
        items: [
          { sku: 'MUG', quantity: 1 }, // available: must not be held either
          { sku: 'SCARCE', quantity },
        ],
      }),
    );
    expect(error.code).toBe(status.FAILED_PRECONDITION);
    expect(error.details).toContain('SCARCE');
    expect(await snapshot()).toEqual(before);
    // The order_id was not used up: the same order can try again once stock allows.
    await inventory.client.reserveStock({ orderId: id, items: [{ sku: 'SCARCE', quantity: 3 }] });
    expect(await inventory.tables.stock('SCARCE')).toBe(0);
    await inventory.client.releaseReservation({ orderId: id });
    expect(await inventory.tables.stock('SCARCE')).toBe(3);
  });

  it('commits idempotently: the stock stays sold and the hold no longer expires', async () => {
    const id = orderId();
    await inventory.client.reserveStock({ orderId: id, items: [{ sku: 'KETTLE', quantity: 2 }] });
    const before = await inventory.tables.ledger('KETTLE');
    const first = await inventory.client.commitReservation({ orderId: id });
    expect(first.reservation).toMatchObject({ state: 'RESERVATION_STATE_COMMITTED', expiresAt: null });
    const again = await inventory.client.commitReservation({ orderId: id });
    expect(again.reservation).toEqual(first.reservation);
    expect(await inventory.tables.ledger('KETTLE')).toEqual({
      available: before.available,
      held: before.held - 2,
      committed: before.committed + 2,
    });
    // A repeat of the original ReserveStock finds it COMMITTED and changes nothing.
    const repeat = await inventory.client.reserveStock({ orderId: id, items: [{ sku: 'KETTLE', quantity: 2 }] });
    expect(repeat.reservation).toEqual(first.reservation);
  });

  it('releases a HELD reservation once, returning its stock once', async () => {
    const id = orderId();
    const before = await inventory.tables.stock('BEANS');
    await inventory.client.reserveStock({ orderId: id, items: [{ sku: 'BEANS', quantity: 7 }] });
    expect(await inventory.tables.stock('BEANS')).toBe(before - 7);
    const first = await inventory.client.releaseReservation({ orderId: id });
    expect(first.reservation?.state).toBe('RESERVATION_STATE_RELEASED');
    const again = await inventory.client.releaseReservation({ orderId: id });
    expect(again.reservation).toEqual(first.reservation);
    expect(await inventory.tables.stock('BEANS')).toBe(before);

    // Released is final: neither a commit nor a repeated reservation brings it back.
    expect((await failure(inventory.client.commitReservation({ orderId: id }))).code).toBe(status.FAILED_PRECONDITION);
    const repeat = await failure(inventory.client.reserveStock({ orderId: id, items: [{ sku: 'BEANS', quantity: 7 }] }));
    expect(repeat.code).toBe(status.FAILED_PRECONDITION);
    expect(await inventory.tables.stock('BEANS')).toBe(before);
  });

  it('releases a COMMITTED reservation (a cancelled order), putting the stock back', async () => {
    const id = orderId();
    const before = await inventory.tables.ledger('MUG');
    await inventory.client.reserveStock({ orderId: id, items: [{ sku: 'MUG', quantity: 4 }] });
    await inventory.client.commitReservation({ orderId: id });
    const { reservation } = await inventory.client.releaseReservation({ orderId: id });
    expect(reservation?.state).toBe('RESERVATION_STATE_RELEASED');
    await inventory.client.releaseReservation({ orderId: id });
    expect(await inventory.tables.ledger('MUG')).toEqual(before);
  });

  it('treats a hold past expires_at as expired even before the sweeper gets to it', async () => {
    const committing = orderId();
    const releasing = orderId();
    const before = await inventory.tables.stock('MUG');
    await inventory.client.reserveStock({ orderId: committing, items: [{ sku: 'MUG', quantity: 1 }] });
    await inventory.client.reserveStock({ orderId: releasing, items: [{ sku: 'MUG', quantity: 1 }] });
    await inventory.tables.lapse(committing);
    await inventory.tables.lapse(releasing);

    const commit = await failure(inventory.client.commitReservation({ orderId: committing }));
    expect(commit.code).toBe(status.FAILED_PRECONDITION);
    expect((await inventory.client.getReservation({ orderId: committing })).reservation?.state).toBe('RESERVATION_STATE_EXPIRED');

    const released = await inventory.client.releaseReservation({ orderId: releasing });
    expect(released.reservation?.state).toBe('RESERVATION_STATE_EXPIRED');
    expect(await inventory.tables.stock('MUG')).toBe(before);

    const repeat = await failure(inventory.client.reserveStock({ orderId: releasing, items: [{ sku: 'MUG', quantity: 1 }] }));
    expect(repeat.code).toBe(status.FAILED_PRECONDITION);
    expect(await inventory.tables.stock('MUG')).toBe(before);
  });

  it.each([
    ['CommitReservation', (id: string) => inventory.client.commitReservation({ orderId: id })],
    ['ReleaseReservation', (id: string) => inventory.client.releaseReservation({ orderId: id })],
    ['GetReservation', (id: string) => inventory.client.getReservation({ orderId: id })],
  ])('%s: INVALID_ARGUMENT for an empty order_id, NOT_FOUND for an unknown one', async (_name, call) => {
    const before = await snapshot();
    expect((await failure(call(''))).code).toBe(status.INVALID_ARGUMENT);
    expect((await failure(call(orderId()))).code).toBe(status.NOT_FOUND);
    expect(await snapshot()).toEqual(before);
  });

  describe('under concurrency', () => {
    it('sells 10 units to exactly 10 of 50 concurrent orders, never below zero', async () => {
      const ids = Array.from({ length: 50 }, () => orderId());
      const results = await Promise.allSettled(
        ids.map((id) => inventory.client.reserveStock({ orderId: id, items: [{ sku: 'RACE', quantity: 1 }] })),
      );
      const won = results.filter((result) => result.status === 'fulfilled');
      const lost = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as { code: number }] : []));
      expect(won).toHaveLength(10);
      expect(lost.map((error) => error.code)).toEqual(Array(40).fill(status.FAILED_PRECONDITION));
      expect(await inventory.tables.ledger('RACE')).toEqual({ available: 0, held: 10, committed: 0 });
      expect(await inventory.tables.reservationCount(ids)).toBe(10);
    });

    it('turns 20 concurrent repeats of one order into one reservation', async () => {
      const id = orderId();
      const before = await inventory.tables.stock('BEANS');
      const items = [
        { sku: 'BEANS', quantity: 2 },
        { sku: 'KETTLE', quantity: 1 },
      ];
      const results = await Promise.all(Array.from({ length: 20 }, () => inventory.client.reserveStock({ orderId: id, items })));
      const distinct = new Set(results.map((result) => JSON.stringify(result.reservation)));
      expect(distinct.size).toBe(1);
      expect(await inventory.tables.reservationCount([id])).toBe(1);
      expect(await inventory.tables.stock('BEANS')).toBe(before - 2);
    });

    it('returns stock once when commits and releases of one order race', async () => {
      const id = orderId();
      const before = await inventory.tables.ledger('MUG');
      await inventory.client.reserveStock({ orderId: id, items: [{ sku: 'MUG', quantity: 5 }] });
      await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          i % 2 ? inventory.client.commitReservation({ orderId: id }) : inventory.client.releaseReservation({ orderId: id }),
        ),
      );
      // Whatever the interleaving, a release happened (releases never fail), so the units are back exactly once.
      expect((await inventory.client.getReservation({ orderId: id })).reservation?.state).toBe('RESERVATION_STATE_RELEASED');
      expect(await inventory.tables.ledger('MUG')).toEqual(before);
    });
  });
});
