import type { Logger } from '@shop/logging';
import { withRedisBudget } from '@shop/redis';
import { z } from '@shop/config';
import type Redis from 'ioredis';
import type { Product } from './product';

export interface ProductCacheOptions {
  /** Key namespace inside the app's Redis prefix, e.g. `catalog:v1`. */
  namespace: string;
  ttlMs: number;
  /** Each Redis round trip gives up after this long (and within the request's budget). */
  timeoutMs: number;
  logger: Logger;
}

const SKIP_AFTER_FAILURE_MS = 2_000;

const cachedProduct = z.object({
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  priceMinor: z.number().int(),
  currencyCode: z.string(),
  imageUrl: z.string(),
  tags: z.array(z.string()),
  availableStock: z.number().int(),
});

/**
 * Cache-aside for products, one JSON value per sku. Redis is an optimisation here, never a
 * dependency: every failure (down, slow, a corrupt entry) reads as a miss and the caller falls
 * through to Postgres.
 *
 * Staleness is bounded two ways: writers delete a product's entry after their transaction commits,
 * and every entry has a TTL, which covers a lost delete and the classic cache-aside race (a reader
 * that loaded the old row before the commit writes it back after the delete).
 */
export class ProductCache {
  /** Until when reads and fills skip Redis after a failure: a frozen Redis costs one timeout per window, not one per read. */
  private skipUntil = 0;

  constructor(
    private readonly redis: Redis,
    private readonly options: ProductCacheOptions,
  ) {}

  key(sku: string): string {
    return `${this.options.namespace}:product:${sku}`;
  }

  /** The cached products among `skus`; anything missing, unreadable or unreachable is left out. */
  async getMany(skus: readonly string[]): Promise<Map<string, Product>> {
    const found = new Map<string, Product>();
    if (skus.length === 0) return found;
    let values: (string | null)[];
    try {
      values = await this.unlessFailing(() => this.redis.mget(skus.map((sku) => this.key(sku))));
    } catch (error) {
      this.options.logger.debug({ err: error }, 'catalog cache read failed; reading Postgres');
      return found;
    }
    values.forEach((value, index) => {
      const product = value === null ? undefined : parse(value);
      if (product && product.sku === skus[index]) found.set(product.sku, product);
    });
    return found;
  }

  /** Stores products read from Postgres; best effort. */
  async putMany(products: readonly Product[]): Promise<void> {
    if (products.length === 0) return;
    try {
      const pipeline = this.redis.pipeline();
      for (const product of products) pipeline.set(this.key(product.sku), JSON.stringify(product), 'PX', this.options.ttlMs);
      await this.unlessFailing(() => pipeline.exec());
    } catch (error) {
      this.options.logger.debug({ err: error }, 'catalog cache write failed');
    }
  }

  /**
   * Drops the entries of products whose stock or data changed. Call after the change committed:
   * deleting earlier lets a concurrent reader cache the old row again. Best effort; a failure
   * leaves the entries to their TTL.
   */
  async invalidate(skus: readonly string[]): Promise<void> {
    if (skus.length === 0) return;
    try {
      await this.bounded(() => this.redis.del(...skus.map((sku) => this.key(sku))));
    } catch (error) {
      this.options.logger.warn(
        { err: error, skus, ttlMs: this.options.ttlMs },
        'catalog cache invalidation failed; entries stay stale until their TTL',
      );
    }
  }

  /**
   * For reads and fills only (an invalidation is always attempted: skipping one could leave a stale
   * entry): fails at once for a while after a failure, so the catalog keeps Postgres' latency while
   * Redis is down or frozen, and tries Redis again after SKIP_AFTER_FAILURE_MS.
   */
  private async unlessFailing<T>(call: () => Promise<T>): Promise<T> {
    if (Date.now() < this.skipUntil) throw new Error('catalog cache skipped after a recent Redis failure');
    try {
      return await this.bounded(call);
    } catch (error) {
      this.skipUntil = Date.now() + SKIP_AFTER_FAILURE_MS;
      throw error;
    }
  }

  /** A Redis call bounded by the request's budget and by our own, shorter, timeout. */
  private bounded<T>(call: () => Promise<T>): Promise<T> {
    return withRedisBudget(call, this.options.timeoutMs);
  }
}

function parse(value: string): Product | undefined {
  try {
    const result = cachedProduct.safeParse(JSON.parse(value));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
