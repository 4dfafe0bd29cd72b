import { status } from '@grpc/grpc-js';
import { eventually, freshDatabase, type FreshDatabase, type RunningApp } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, InventoryTables, inventoryClient, orderId, startInventory, waitFor, type InventoryClient } from './support';

describe('the reservation sweeper, two replicas on one database', () => {
  let db: FreshDatabase;
  const replicas: RunningApp[] = [];
  let client: InventoryClient;
  let tables: InventoryTables;

  beforeAll(async () => {
    db = await freshDatabase('inventory_exp');
    // Short holds, frequent sweeps and small batches, so both replicas sweep and rounds take several batches.
    // The holds outlive the test's own set-up (21 reservations and a commit) even on a busy machine.
    const env = { RESERVATION_TTL_MS: '4000', RESERVATION_SWEEP_INTERVAL_MS: '200', RESERVATION_SWEEP_BATCH_SIZE: '3' };
    replicas.push(await startInventory(db.url, env));
    replicas.push(await startInventory(db.url, env));
    client = inventoryClient(replicas[0]!.grpcAddress);
    tables = new InventoryTables(db.url);
    await tables.addProducts([
      { sku: 'TEA', stock: 30 },
      { sku: 'POT', stock: 30 },
    ]);
  });

  afterAll(async () => {
    client?.close();
    await tables?.close();
    await Promise.all(replicas.map((replica) => replica.stop()));
    await db?.drop();
  });

  it('expires lapsed holds and returns their stock exactly once, leaving committed ones alone', async () => {
    const held = Array.from({ length: 20 }, () => orderId());
    await Promise.all(
      held.map((id, i) =>
        client.reserveStock({
          orderId: id,
          items: [
            { sku: 'TEA', quantity: 1 },
            ...(i % 2 ? [{ sku: 'POT', quantity: 1 }] : []),
          ],
        }),
      ),
    );
    const sold = orderId();
    await client.reserveStock({ orderId: sold, items: [{ sku: 'POT', quantity: 2 }] });
    await client.commitReservation({ orderId: sold });
    expect(await tables.ledger('TEA')).toEqual({ available: 10, held: 20, committed: 0 });

    await waitFor(async () => {
      const { rows } = await tables.query<{ count: string }>(`SELECT count(*) FROM reservations WHERE state = 'HELD'`);
      return rows[0]!.count === '0' ? true : undefined;
    }, 20_000);

    // Double-returned stock would show as available above 30.
    expect(await tables.ledger('TEA')).toEqual({ available: 30, held: 0, committed: 0 });
    expect(await tables.ledger('POT')).toEqual({ available: 28, held: 0, committed: 2 });

    const { reservation } = await client.getReservation({ orderId: held[0]! });
    expect(reservation?.state).toBe('RESERVATION_STATE_EXPIRED');
    expect(reservation?.expiresAt).not.toBeNull();
    expect((await client.getReservation({ orderId: sold })).reservation?.state).toBe('RESERVATION_STATE_COMMITTED');

    // Expired is final; a release is a no-op that returns it as it is.
    expect((await failure(client.commitReservation({ orderId: held[1]! }))).code).toBe(status.FAILED_PRECONDITION);
    expect((await client.releaseReservation({ orderId: held[1]! })).reservation?.state).toBe('RESERVATION_STATE_EXPIRED');
    expect(await tables.stock('TEA')).toBe(30);

    // The sweepers did it (no request touched these holds); which replica took which batch is SKIP LOCKED's call.
    // Their log lines reach stdout within the logger's flush interval.
    const sweepers = () =>
      replicas.filter((replica) => replica.process.logs.some((log) => log['msg'] === 'expired lapsed reservations and returned their stock'));
    expect(await eventually(() => sweepers().length >= 1)).toBe(true);
  });

  it('stops its sweeper on SIGTERM and exits 0', async () => {
    const replica = replicas.pop()!;
    expect(await replica.stop()).toEqual({ code: 0, signal: null });
    expect(replica.process.logs.some((log) => log['msg'] === 'reservation sweep failed')).toBe(false);
  });
});
