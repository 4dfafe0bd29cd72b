import type { Product__Output } from '@shop/rpc/generated/shop/inventory/v1/Product';
import { z } from 'zod';
import { Money, moneyJson, PageSize, PageToken, Sku } from './common';

export const ProductQuery = z.strictObject({
  pageSize: PageSize,
  pageToken: PageToken,
  tag: z.string().min(1).max(64).optional().meta({ description: 'Only products with this tag.', example: 'coffee' }),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/\S/, 'must not be blank')
    .optional()
    .meta({
      description:
        'Full-text search in names and descriptions (English stemming; "quoted phrases", or, -word): the page is then ordered by relevance instead of by sku.',
      example: 'ethiopia filter',
    }),
});

export const SkuParams = z.strictObject({ sku: Sku });

export const Product = z
  .object({
    sku: z.string(),
    name: z.string(),
    description: z.string(),
    price: Money.nullable(),
    imageUrl: z.string().meta({ description: 'Absolute URL; empty if none.' }),
    tags: z.array(z.string()),
    availableStock: z.number().int().meta({ description: 'Units available at the time of the read (may be slightly stale).' }),
  })
  .meta({ id: 'Product' });

export const ProductPage = z
  .object({ products: z.array(Product), nextPageToken: z.string().nullable() })
  .meta({ id: 'ProductPage' });

export function productJson(product: Product__Output | null | undefined): z.infer<typeof Product> {
  if (!product) throw new Error('the inventory service answered without a product');
  return {
    sku: product.sku,
    name: product.name,
    description: product.description,
    price: moneyJson(product.price),
    imageUrl: product.imageUrl,
    tags: product.tags,
    availableStock: product.availableStock,
  };
}
