import { status } from '@grpc/grpc-js';
import { eventually } from '@shop/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { failure, inventoryFixture, orderId } from './support';

/** flagd's file format, one value per flag. */
const flags = (values: Record<string, unknown>) =>
  JSON.stringify({ flags: Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { state: 'ENABLED', variants: { v: value }, defaultVariant: 'v' }])) });

const dir = mkdtempSync(join(tmpdir(), 'shop-inventory-flags-'));
const flagsFile = join(dir, 'flags.json');
writeFileSync(flagsFile, flags({ 'inventory-failure-ratio': 1 }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the inventory-failure-ratio fault flag', () => {
  const inventory = inventoryFixture('inventory_faults', [{ sku: 'MUG', stock: 5 }], { FLAGS_FILE: flagsFile });

  it('fails ReserveStock with UNAVAILABLE and touches no stock, until it is turned off without a restart', { timeout: 60_000 }, async () => {
    const request = { orderId: orderId(), items: [{ sku: 'MUG', quantity: 2 }] };
    expect((await failure(inventory.client.reserveStock(request))).code).toBe(status.UNAVAILABLE);
    expect(await inventory.tables.stock('MUG')).toBe(5);
    expect(await inventory.tables.reservationCount()).toBe(0);

    writeFileSync(flagsFile, flags({ 'inventory-failure-ratio': 0 }));
    expect(await eventually(async () => (await inventory.client.reserveStock(request).then(() => true, () => false)), 20_000)).toBe(true);
    expect(await inventory.tables.stock('MUG')).toBe(3);
  });
});
