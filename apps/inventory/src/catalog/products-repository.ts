import { query } from '@shop/db';
import type { Pool } from 'pg';
import type { Product } from './product';

interface ProductRow {
  sku: string;
  name: string;
  description: string;
  price_minor: string; // bigint arrives as a string
  currency_code: string;
  image_url: string;
  tags: string[];
  stock: number;
}

const PRODUCT_COLUMNS = 'sku, name, description, price_minor, currency_code, image_url, tags, stock';

function toProduct(row: ProductRow): Product {
  return {
    sku: row.sku,
    name: row.name,
    description: row.description,
    priceMinor: Number(row.price_minor),
    currencyCode: row.currency_code,
    imageUrl: row.image_url,
    tags: row.tags,
    availableStock: row.stock,
  };
}

export interface SkuPageQuery {
  /** Keyset cursor: only skus strictly after this one. */
  after: string | undefined;
  tag: string | undefined;
  limit: number;
}

export interface SearchPageQuery {
  /** Free text for websearch_to_tsquery ("quoted phrases", or, -word). */
  text: string;
  /** Keyset cursor: only matches ranked after this (rank, sku) in the result order. */
  after: { rank: number; sku: string } | undefined;
  tag: string | undefined;
  limit: number;
}

/** The catalog's reads of the products table; every statement is bounded by the calling RPC's deadline (@shop/db). */
export class ProductsRepository {
  constructor(private readonly db: Pool) {}

  /**
   * One page of skus in sku order: a keyset scan (no OFFSET), so a page costs the same wherever it is
   * and inserts elsewhere never shift it.
   */
  async listSkus(page: SkuPageQuery): Promise<string[]> {
    const { rows } = await query<{ sku: string }>(
      this.db,
      `SELECT sku FROM products
        WHERE ($1::text IS NULL OR sku > $1)
          AND ($2::text IS NULL OR tags @> ARRAY[$2::text])
        ORDER BY sku
        LIMIT $3`,
      [page.after ?? null, page.tag ?? null, page.limit],
    );
    return rows.map((row) => row.sku);
  }

  /** The products among `skus` that exist, in no particular order. */
  async findProducts(skus: readonly string[]): Promise<Product[]> {
    if (skus.length === 0) return [];
    const { rows } = await query<ProductRow>(this.db, `SELECT ${PRODUCT_COLUMNS} FROM products WHERE sku = ANY($1::text[])`, [skus]);
    return rows.map(toProduct);
  }

  /**
   * One page of search hits, most relevant first and by sku among equals. The cursor is the last hit's
   * (rank, sku): rank is a float4 that round-trips exactly through its text form, so keyset paging is
   * exact here too. The GIN index on `search` finds the matches; only they are ranked.
   */
  async searchSkus(page: SearchPageQuery): Promise<Array<{ sku: string; rank: number }>> {
    const { rows } = await query<{ sku: string; rank: number }>(
      this.db,
      `SELECT sku, rank FROM (
         SELECT sku, ts_rank(search, query) AS rank
           FROM products, websearch_to_tsquery('english', $1) AS query
          WHERE search @@ query
            AND ($2::text IS NULL OR tags @> ARRAY[$2::text])
       ) AS hits
        WHERE $3::real IS NULL OR rank < $3::real OR (rank = $3::real AND sku > $4::text)
        ORDER BY rank DESC, sku
        LIMIT $5`,
      [page.text, page.tag ?? null, page.after?.rank ?? null, page.after?.sku ?? null, page.limit],
    );
    return rows;
  }
}
