import { z } from '@shop/config';
import { parseRequest, toTimestamp, type UnaryHandlers } from '@shop/rpc';
import type { InventoryServiceDefinition } from '@shop/rpc/generated/shop/inventory/v1/InventoryService';
import type { Product as ProductMessage } from '@shop/rpc/generated/shop/inventory/v1/Product';
import type { Reservation as ReservationMessage } from '@shop/rpc/generated/shop/inventory/v1/Reservation';
import type { Catalog } from './catalog/catalog';
import type { Product } from './catalog/product';
import type { Reservation } from './reservations/reservation';
import type { Reservations } from './reservations/reservations';

/** Bounds the proto leaves open; they keep one request's work and its SQL arrays small. */
export const LIMITS = {
  orderIdLength: 128,
  skuLength: 64,
  tagLength: 64,
  queryLength: 200,
  itemsPerReservation: 100,
  skusPerBatch: 100,
  defaultPageSize: 20,
  maxPageSize: 100,
} as const;

const sku = z.string().min(1, 'must not be empty').max(LIMITS.skuLength, `at most ${LIMITS.skuLength} characters`);
const orderId = z
  .string()
  .min(1, 'must not be empty')
  .max(LIMITS.orderIdLength, `at most ${LIMITS.orderIdLength} characters`);

const pageSize = z
  .number()
  .int()
  .min(0, 'must not be negative')
  .transform((size) => (size === 0 ? LIMITS.defaultPageSize : Math.min(size, LIMITS.maxPageSize)));
const pageToken = z.string().max(1024, 'is not a page token');
const tag = z.string().max(LIMITS.tagLength, `at most ${LIMITS.tagLength} characters`);

const listProductsRequest = z.object({ pageSize, pageToken, tag });

const searchProductsRequest = z.object({
  query: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(LIMITS.queryLength, `at most ${LIMITS.queryLength} characters`),
  pageSize,
  pageToken,
  tag,
});

const getProductRequest = z.object({ sku });

const batchGetProductsRequest = z.object({
  skus: z
    .array(sku)
    .min(1, 'must name at least one sku')
    .max(LIMITS.skusPerBatch, `at most ${LIMITS.skusPerBatch} skus`),
});

const reserveStockRequest = z.object({
  orderId,
  items: z
    .array(z.object({ sku, quantity: z.number().int().min(1, 'must be at least 1') }))
    .min(1, 'must hold at least one item')
    .max(LIMITS.itemsPerReservation, `at most ${LIMITS.itemsPerReservation} items`)
    .superRefine((items, ctx) => {
      const seen = new Set<string>();
      items.forEach((item, index) => {
        if (seen.has(item.sku)) ctx.addIssue({ code: 'custom', path: [index, 'sku'], message: `${item.sku} is listed twice` });
        seen.add(item.sku);
      });
    }),
});

const orderIdRequest = z.object({ orderId });

/**
 * gRPC mapping: validate the request, call the domain, shape the response. `injectFault` throws for
 * the calls a fault flag fails (see faults.ts); it runs before any stock is touched.
 */
export function inventoryHandlers(catalog: Catalog, reservations: Reservations, injectFault: () => void = () => undefined): UnaryHandlers<InventoryServiceDefinition> {
  return {
    async ListProducts(request) {
      const page = await catalog.listProducts(parseRequest(listProductsRequest, request, 'ListProductsRequest'));
      return { products: page.products.map(toProductMessage), nextPageToken: page.nextPageToken };
    },
    async SearchProducts(request) {
      const page = await catalog.searchProducts(parseRequest(searchProductsRequest, request, 'SearchProductsRequest'));
      return { products: page.products.map(toProductMessage), nextPageToken: page.nextPageToken };
    },
    async GetProduct(request) {
      const { sku } = parseRequest(getProductRequest, request, 'GetProductRequest');
      return { product: toProductMessage(await catalog.getProduct(sku)) };
    },
    async BatchGetProducts(request) {
      const { skus } = parseRequest(batchGetProductsRequest, request, 'BatchGetProductsRequest');
      const { found, notFound } = await catalog.getProducts(skus);
      return { products: found.map(toProductMessage), notFoundSkus: notFound };
    },
    async ReserveStock(request) {
      const { orderId, items } = parseRequest(reserveStockRequest, request, 'ReserveStockRequest');
      injectFault();
      return { reservation: toReservationMessage(await reservations.reserve(orderId, items)) };
    },
    async CommitReservation(request) {
      const { orderId } = parseRequest(orderIdRequest, request, 'CommitReservationRequest');
      return { reservation: toReservationMessage(await reservations.commit(orderId)) };
    },
    async ReleaseReservation(request) {
      const { orderId } = parseRequest(orderIdRequest, request, 'ReleaseReservationRequest');
      return { reservation: toReservationMessage(await reservations.release(orderId)) };
    },
    async GetReservation(request) {
      const { orderId } = parseRequest(orderIdRequest, request, 'GetReservationRequest');
      return { reservation: toReservationMessage(await reservations.get(orderId)) };
    },
  };
}

function toProductMessage(product: Product): ProductMessage {
  return {
    sku: product.sku,
    name: product.name,
    description: product.description,
    price: { amountMinor: product.priceMinor, currencyCode: product.currencyCode },
    imageUrl: product.imageUrl,
    tags: product.tags,
    availableStock: product.availableStock,
  };
}

function toReservationMessage(reservation: Reservation): ReservationMessage {
  return {
    orderId: reservation.orderId,
    state: `RESERVATION_STATE_${reservation.state}`,
    items: reservation.items,
    expiresAt: reservation.expiresAt ? toTimestamp(reservation.expiresAt) : null,
    createdAt: toTimestamp(reservation.createdAt),
    updatedAt: toTimestamp(reservation.updatedAt),
  };
}
