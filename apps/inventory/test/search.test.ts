import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { failure, inventoryFixture, type InventoryClient } from './support';

const PRODUCTS = [
  { sku: 'S-001', stock: 5, tags: ['coffee'], name: 'Ethiopia Yirgacheffe beans', description: 'Jasmine and lemon; a light roast for filter.' },
  { sku: 'S-002', stock: 5, tags: ['coffee'], name: 'Colombia Huila beans', description: 'Red apple and chocolate; roasted for espresso.' },
  { sku: 'S-003', stock: 5, tags: ['gear'], name: 'Paper filters, pack of 100', description: 'Fits conical drippers.' },
  { sku: 'S-004', stock: 5, tags: ['tea'], name: 'Sencha green tea', description: 'Steamed leaves, grassy and sweet.' },
  { sku: 'S-005', stock: 5, tags: ['gear'], name: 'Glass dripper', description: 'Brews filter coffee; borosilicate glass.' },
];

describe('SearchProducts: Postgres full-text search with ranking, as a process', () => {
  const inventory = inventoryFixture('inventory_search', PRODUCTS);

  const skus = async (request: Parameters<InventoryClient['searchProducts']>[0]) =>
    (await inventory.client.searchProducts(request)).products.map((p) => p.sku);

  it('matches stemmed words in name and description, a name match ranking first', async () => {
    // "filters" stems to "filter": S-003 has it in its name; S-001 and S-005 in their descriptions.
    expect(await skus({ query: 'filters' })).toEqual(['S-003', 'S-001', 'S-005']);
    expect(await skus({ query: 'roasting' })).toEqual(['S-001', 'S-002']);
    const [first] = (await inventory.client.searchProducts({ query: 'sencha' })).products;
    expect(first).toMatchObject({ sku: 'S-004', name: 'Sencha green tea', price: { amountMinor: 1000, currencyCode: 'EUR' }, availableStock: 5 });
  });

  it('understands web-search syntax: AND by default, "phrases", or, -exclusion', async () => {
    expect(await skus({ query: 'light filter' })).toEqual(['S-001']);
    expect(await skus({ query: '"green tea"' })).toEqual(['S-004']);
    // "drippers" in S-003's description stems to "dripper" too.
    expect((await skus({ query: 'sencha or dripper' })).sort()).toEqual(['S-003', 'S-004', 'S-005']);
    expect((await skus({ query: 'filter -glass' })).sort()).toEqual(['S-001', 'S-003']);
    expect(await skus({ query: 'nothing-like-this' })).toEqual([]);
    // Only stop words: nothing to search for, so nothing matches (not everything).
    expect(await skus({ query: 'the and' })).toEqual([]);
  });

  it('filters by tag and pages through the ranked hits without gaps or repeats', async () => {
    expect(await skus({ query: 'filter', tag: 'gear' })).toEqual(['S-003', 'S-005']);
    const seen: string[] = [];
    let pageToken = '';
    let pages = 0;
    do {
      const page = await inventory.client.searchProducts({ query: 'filter', pageSize: 1, pageToken });
      expect(page.products.length).toBe(1);
      seen.push(...page.products.map((p) => p.sku));
      pageToken = page.nextPageToken;
      pages += 1;
    } while (pageToken && pages < 10);
    expect(seen).toEqual(['S-003', 'S-001', 'S-005']);
  });

  it('refuses an empty or too long query, a negative page_size and a token of another search', async () => {
    const { nextPageToken } = await inventory.client.searchProducts({ query: 'filter', pageSize: 1 });
    expect(nextPageToken).not.toBe('');
    const cases = [
      { query: '' },
      { query: '   ' },
      { query: 'x'.repeat(201) },
      { query: 'filter', pageSize: -1 },
      { query: 'filter', pageToken: 'not a token!' },
      { query: 'beans', pageToken: nextPageToken },
      { query: 'filter', tag: 'gear', pageToken: nextPageToken },
    ];
    for (const request of cases) {
      const error = await failure(inventory.client.searchProducts(request));
      expect(error.code, JSON.stringify(request)).toBe(status.INVALID_ARGUMENT);
    }
  });
});
