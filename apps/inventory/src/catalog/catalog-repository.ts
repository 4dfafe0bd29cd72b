import type { TransactionClient } from '@shop/db';
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

/**
 * One page of skus in sku order: a keyset scan (no OFFSET), so a page costs the same wherever it is
 * and inserts elsewhere never shift it.
 */
export async function listSkus(db: TransactionClient, page: SkuPageQuery): Promise<string[]> {
  const { rows } = await db.query<{ sku: string }>(
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
export async function findProducts(db: TransactionClient, skus: readonly string[]): Promise<Product[]> {
  if (skus.length === 0) return [];
  const { rows } = await db.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE sku = ANY($1::text[])`, [
    skus,
  ]);
  return rows.map(toProduct);
}
