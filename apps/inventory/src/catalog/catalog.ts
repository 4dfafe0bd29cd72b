import { NotFoundError } from '@shop/rpc';
import { decodePageToken, decodeSearchPageToken, encodePageToken, encodeSearchPageToken } from './page-token';
import type { Product } from './product';
import type { ProductCache } from './product-cache';
import type { ProductsRepository } from './products-repository';

export interface ProductPage {
  products: Product[];
  /** Empty on the last page. */
  nextPageToken: string;
}

/** Catalog reads: Postgres is the truth, Redis a cache in front of it (see ProductCache). */
export class Catalog {
  constructor(
    private readonly products: ProductsRepository,
    private readonly cache: ProductCache,
  ) {}

  async getProduct(sku: string): Promise<Product> {
    const [product] = (await this.getProducts([sku])).found;
    if (!product) throw new NotFoundError(`no product with sku ${sku}`);
    return product;
  }

  /** Products by sku, in the order of first mention; unknown skus are reported, not an error. */
  async getProducts(skus: readonly string[]): Promise<{ found: Product[]; notFound: string[] }> {
    const unique = [...new Set(skus)];
    const bySku = await this.cache.getMany(unique);
    const misses = unique.filter((sku) => !bySku.has(sku));
    if (misses.length > 0) {
      const loaded = await this.products.findProducts(misses);
      for (const product of loaded) bySku.set(product.sku, product);
      await this.cache.putMany(loaded);
    }
    const found: Product[] = [];
    const notFound: string[] = [];
    for (const sku of unique) {
      const product = bySku.get(sku);
      if (product) found.push(product);
      else notFound.push(sku);
    }
    return { found, notFound };
  }

  /**
   * One page of the catalog. Which skus make up the page always comes from Postgres (a keyset scan
   * of the primary key), so paging is exact; the product bodies come through the per-product cache,
   * so a single invalidation rule (one key per sku) keeps every read path fresh.
   */
  async listProducts(request: { pageSize: number; pageToken: string; tag: string }): Promise<ProductPage> {
    const after = request.pageToken ? decodePageToken(request.pageToken, request.tag) : undefined;
    // One extra row tells whether another page follows without a COUNT.
    const skus = await this.products.listSkus({
      after,
      tag: request.tag || undefined,
      limit: request.pageSize + 1,
    });
    const pageSkus = skus.slice(0, request.pageSize);
    // A product deleted between the two reads simply drops out of the page.
    const { found } = await this.getProducts(pageSkus);
    const last = pageSkus[pageSkus.length - 1];
    const nextPageToken = skus.length > request.pageSize && last ? encodePageToken(last, request.tag) : '';
    return { products: found, nextPageToken };
  }

  /**
   * One page of full-text search hits, most relevant first. Like listProducts, Postgres picks the
   * skus (ranked by the search index) and the bodies come through the per-product cache.
   */
  async searchProducts(request: { query: string; pageSize: number; pageToken: string; tag: string }): Promise<ProductPage> {
    const after = request.pageToken ? decodeSearchPageToken(request.pageToken, request.query, request.tag) : undefined;
    const hits = await this.products.searchSkus({
      text: request.query,
      after,
      tag: request.tag || undefined,
      limit: request.pageSize + 1,
    });
    const pageHits = hits.slice(0, request.pageSize);
    const { found } = await this.getProducts(pageHits.map((hit) => hit.sku));
    const last = pageHits[pageHits.length - 1];
    const nextPageToken = hits.length > request.pageSize && last ? encodeSearchPageToken(last, request.query, request.tag) : '';
    return { products: found, nextPageToken };
  }
}
