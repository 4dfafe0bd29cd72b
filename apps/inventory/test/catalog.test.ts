import { status } from '@grpc/grpc-js';
import type { Product__Output } from '@shop/rpc/generated/shop/inventory/v1/Product';
import { eventually, redisUrl, startTcpProxy, type RunningApp, type TcpProxy } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, inventoryClient, inventoryFixture, orderId, startInventory, type InventoryClient } from './support';

// 45 products: three pages of 20, and tags that pick out known subsets.
const PRODUCTS = Array.from({ length: 45 }, (_, i) => ({
  sku: `P-${String(i).padStart(3, '0')}`,
  stock: 10 + i,
  priceMinor: 500 + i,
  tags: [i % 3 === 0 ? 'tea' : 'coffee', ...(i % 10 === 0 ? ['gift'] : [])],
}));
const ALL_SKUS = PRODUCTS.map((p) => p.sku);

describe('InventoryService catalog against Postgres and Redis, as a process', () => {
  const inventory = inventoryFixture('inventory_cat', PRODUCTS);

  async function listAll(request: { pageSize?: number; tag?: string }): Promise<{ pages: Product__Output[][] }> {
    const pages: Product__Output[][] = [];
    let pageToken = '';
    do {
      const page = await inventory.client.listProducts({ ...request, pageToken });
      pages.push(page.products);
      pageToken = page.nextPageToken;
    } while (pageToken && pages.length < 100);
    return { pages };
  }

  describe('ListProducts', () => {
    it('pages through the whole catalog in sku order, 20 by default', async () => {
      const { pages } = await listAll({});
      expect(pages.map((page) => page.length)).toEqual([20, 20, 5]);
      expect(pages.flat().map((p) => p.sku)).toEqual(ALL_SKUS);
      expect(pages[0]![0]).toEqual({
        sku: 'P-000',
        name: 'Product P-000',
        description: 'Description of P-000',
        price: { amountMinor: 500, currencyCode: 'EUR' },
        imageUrl: 'https://images.example.com/p-000.jpg',
        tags: ['tea', 'gift'],
        availableStock: 10,
      });
    });

    it('filters by tag, across pages', async () => {
      const { pages } = await listAll({ tag: 'tea', pageSize: 4 });
      expect(pages.flat().map((p) => p.sku)).toEqual(PRODUCTS.filter((_, i) => i % 3 === 0).map((p) => p.sku));
      expect(pages.every((page) => page.length <= 4)).toBe(true);
      expect((await inventory.client.listProducts({ tag: 'no-such-tag' })).products).toEqual([]);
    });

    it('treats a page_size above 100 as 100', async () => {
      const page = await inventory.client.listProducts({ pageSize: 100_000 });
      expect(page.products).toHaveLength(45);
      expect(page.nextPageToken).toBe('');
    });

    it('refuses a negative page_size, a made-up token and a token of another filter', async () => {
      const { nextPageToken } = await inventory.client.listProducts({ tag: 'coffee', pageSize: 2 });
      expect(nextPageToken).not.toBe('');
      const forged = Buffer.from(JSON.stringify({ after: 'P-010' })).toString('base64url');
      const cases = [
        { pageSize: -1 },
        { pageToken: 'not a token!' },
        { pageToken: 'bm9wZQ' }, // base64url of "nope"
        { pageToken: forged },
        { pageToken: nextPageToken, tag: 'tea' },
        { pageToken: nextPageToken }, // issued for tag=coffee, used without it
      ];
      for (const request of cases) {
        const error = await failure(inventory.client.listProducts(request));
        expect(error.code, JSON.stringify(request)).toBe(status.INVALID_ARGUMENT);
      }
    });
  });

  describe('GetProduct and BatchGetProducts', () => {
    it('GetProduct: the product, NOT_FOUND, or INVALID_ARGUMENT for an empty sku', async () => {
      expect((await inventory.client.getProduct({ sku: 'P-007' })).product).toMatchObject({ sku: 'P-007', availableStock: 17 });
      expect((await failure(inventory.client.getProduct({ sku: 'NOPE' }))).code).toBe(status.NOT_FOUND);
      expect((await failure(inventory.client.getProduct({ sku: '' }))).code).toBe(status.INVALID_ARGUMENT);
    });

    it('BatchGetProducts: found in order of first mention, duplicates ignored, unknown skus listed', async () => {
      const { products, notFoundSkus } = await inventory.client.batchGetProducts({
        skus: ['P-030', 'GONE-1', 'P-002', 'P-030', 'GONE-2', 'P-011'],
      });
      expect(products.map((p) => p.sku)).toEqual(['P-030', 'P-002', 'P-011']);
      expect(notFoundSkus).toEqual(['GONE-1', 'GONE-2']);
    });

    it('BatchGetProducts: INVALID_ARGUMENT for no skus, more than 100, or an empty one', async () => {
      for (const skus of [[], Array.from({ length: 101 }, (_, i) => `S-${i}`), ['P-001', '']]) {
        expect((await failure(inventory.client.batchGetProducts({ skus }))).code).toBe(status.INVALID_ARGUMENT);
      }
    });
  });

  describe('the Redis cache', () => {
    it('serves reads from the cache and drops a product when its stock changes', async () => {
      expect((await inventory.client.getProduct({ sku: 'P-020' })).product?.availableStock).toBe(30);
      // A change behind the service's back is not seen: the read above was cached.
      await inventory.tables.setStockDirectly('P-020', 31);
      expect((await inventory.client.getProduct({ sku: 'P-020' })).product?.availableStock).toBe(30);

      // A reservation changes stock through the service, which invalidates after it commits.
      const id = orderId();
      await inventory.client.reserveStock({ orderId: id, items: [{ sku: 'P-020', quantity: 4 }] });
      expect((await inventory.client.getProduct({ sku: 'P-020' })).product?.availableStock).toBe(27);
      expect((await inventory.client.batchGetProducts({ skus: ['P-020'] })).products[0]?.availableStock).toBe(27);

      await inventory.client.releaseReservation({ orderId: id });
      const listed = (await inventory.client.listProducts({ tag: 'gift' })).products.find((p) => p.sku === 'P-020');
      expect(listed?.availableStock).toBe(31);
    });

    describe('with Redis unreachable', () => {
      let proxy: TcpProxy;
      let cut: RunningApp;
      let cutClient: InventoryClient;

      beforeAll(async () => {
        const redis = new URL(redisUrl());
        proxy = await startTcpProxy(redis.hostname, Number(redis.port));
        cut = await startInventory(inventory.db.url, {
          REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
        });
        cutClient = inventoryClient(cut.grpcAddress);
        await cutClient.getProduct({ sku: 'P-040' }); // cached while Redis is still there
        proxy.block();
      });

      afterAll(async () => {
        cutClient?.close();
        await cut?.stop();
        await proxy?.close();
      });

      it('still lists, gets and batch-gets from Postgres, and reserves', async () => {
        const { pages } = await (async () => {
          const collected: Product__Output[][] = [];
          let pageToken = '';
          do {
            const page = await cutClient.listProducts({ pageToken });
            collected.push(page.products);
            pageToken = page.nextPageToken;
          } while (pageToken);
          return { pages: collected };
        })();
        expect(pages.flat().map((p) => p.sku)).toEqual(ALL_SKUS);
        expect((await cutClient.getProduct({ sku: 'P-041' })).product?.sku).toBe('P-041');
        expect((await cutClient.batchGetProducts({ skus: ['P-001', 'GONE'] })).notFoundSkus).toEqual(['GONE']);

        // Writes do not depend on Redis either, and reads after them are fresh (nothing was cached).
        const id = orderId();
        await cutClient.reserveStock({ orderId: id, items: [{ sku: 'P-040', quantity: 2 }] });
        expect((await cutClient.getProduct({ sku: 'P-040' })).product?.availableStock).toBe(48);
        // Redis really was out of reach: the invalidation after the reservation could not be made
        // (its log line reaches stdout within the logger's flush interval).
        const invalidationFailed = () => cut.process.logs.some((log) => log['msg'] === 'catalog cache invalidation failed; entries stay stale until their TTL');
        expect(await eventually(invalidationFailed)).toBe(true);
        expect((await failure(cutClient.getProduct({ sku: 'NOPE' }))).code).toBe(status.NOT_FOUND);
      });
    });
  });
});
