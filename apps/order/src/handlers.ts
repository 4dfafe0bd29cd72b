import {
  decodePageToken as decodeRpcPageToken,
  encodePageToken as encodeRpcPageToken,
  NotFoundError,
  parseRequest,
  toTimestamp,
  type UnaryHandlers,
} from '@shop/rpc';
import type { Money } from '@shop/rpc/generated/shop/common/v1/Money';
import type { Cart as CartMessage } from '@shop/rpc/generated/shop/order/v1/Cart';
import type { CartServiceDefinition } from '@shop/rpc/generated/shop/order/v1/CartService';
import type { Order as OrderMessage } from '@shop/rpc/generated/shop/order/v1/Order';
import type { OrderServiceDefinition } from '@shop/rpc/generated/shop/order/v1/OrderService';
import { CARD_NUMBER_PATTERN, CVC_PATTERN, isExpired, passesLuhn } from '@shop/cards';
import { z } from 'zod';
import type { Carts, PricedCart } from './cart';
import type { Orders } from './orders';
import type { OrderRecord } from './order';
import type { PageCursor } from './orders-repository';

/*
 * The gRPC face of carts and orders: validate each request (zod) before anything is read or
 * written, call the domain, map the result to the proto. Messages name the field and the rule,
 * never the value: a card number must not end up in an error message or a log line.
 */

const MAX_ID_LENGTH = 128;
const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

const required = (max = MAX_ID_LENGTH) =>
  z.string().min(1, 'is required').max(max, `must be at most ${max} characters`);
const userId = required();
const sku = required(64);

export interface CartRules {
  maxQuantityPerLine: number;
}

/** The card as PaymentService will check it, so a malformed card is refused before an order exists. */
const card = z
  .object(
    {
      number: z
        .string()
        .regex(CARD_NUMBER_PATTERN, 'must be 12 to 19 digits, without spaces or dashes')
        .refine(passesLuhn, 'fails the Luhn check'),
      expMonth: z.number().int().min(1, 'must be 1-12').max(12, 'must be 1-12'),
      expYear: z.number().int().min(1000, 'must have four digits').max(9999, 'must have four digits'),
      cvc: z.string().regex(CVC_PATTERN, 'must be 3 or 4 digits'),
      holderName: z.string().max(200, 'must be at most 200 characters'),
    },
    { error: 'is required' },
  )
  .refine(({ expYear, expMonth }) => !isExpired(expMonth, expYear), { message: 'the card has expired', path: ['expYear'] });

const placeOrderRequest = z.object({ userId, idempotencyKey: required(128), card });
const orderRequest = z.object({ userId, orderId: required() });
const listOrdersRequest = z.object({
  userId,
  pageSize: z.number().int().min(0, 'must not be negative'),
  pageToken: z.string().max(1024, 'is not a page token of this RPC'),
});

export function orderServiceHandlers(orders: Orders): UnaryHandlers<OrderServiceDefinition> {
  return {
    async PlaceOrder(request) {
      const input = parseRequest(placeOrderRequest, request, 'PlaceOrderRequest');
      // The card is passed on, never stored: only PaymentService keeps anything of it (brand, last4).
      return { order: toOrderMessage(await orders.place(input.userId, input.idempotencyKey, input.card)) };
    },

    async GetOrder(request) {
      const { userId, orderId } = parseRequest(orderRequest, request, 'GetOrderRequest');
      if (!isUuid(orderId)) throw new NotFoundError(`no order ${orderId}`);
      return { order: toOrderMessage(await orders.get(userId, orderId)) };
    },

    async ListOrders(request) {
      const { userId, pageSize, pageToken } = parseRequest(listOrdersRequest, request, 'ListOrdersRequest');
      const cursor = pageToken ? decodePageToken(pageToken, userId) : undefined;
      const size = Math.min(pageSize || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
      const page = await orders.list(userId, size, cursor);
      return {
        orders: page.orders.map(toOrderMessage),
        nextPageToken: page.next ? encodePageToken(page.next, userId) : '',
      };
    },

    async CancelOrder(request) {
      const { userId, orderId } = parseRequest(orderRequest, request, 'CancelOrderRequest');
      if (!isUuid(orderId)) throw new NotFoundError(`no order ${orderId}`);
      return { order: toOrderMessage(await orders.cancel(userId, orderId)) };
    },
  };
}

export function cartServiceHandlers(carts: Carts, rules: CartRules): UnaryHandlers<CartServiceDefinition> {
  const quantity = (min: number) =>
    z
      .number()
      .int()
      .min(min, `must be at least ${min}`)
      .max(rules.maxQuantityPerLine, `must be at most ${rules.maxQuantityPerLine}`);
  const cartRequest = z.object({ userId });
  const lineRequest = z.object({ userId, sku });
  const addRequest = z.object({ userId, sku, quantity: quantity(1) });
  const setRequest = z.object({ userId, sku, quantity: quantity(0) });

  return {
    async GetCart(request) {
      const input = parseRequest(cartRequest, request, 'GetCartRequest');
      return { cart: toCartMessage(await carts.get(input.userId)) };
    },
    async AddItem(request) {
      const input = parseRequest(addRequest, request, 'AddItemRequest');
      return { cart: toCartMessage(await carts.add(input.userId, input.sku, input.quantity)) };
    },
    async SetItemQuantity(request) {
      const input = parseRequest(setRequest, request, 'SetItemQuantityRequest');
      return { cart: toCartMessage(await carts.setQuantity(input.userId, input.sku, input.quantity)) };
    },
    async RemoveItem(request) {
      const input = parseRequest(lineRequest, request, 'RemoveItemRequest');
      return { cart: toCartMessage(await carts.remove(input.userId, input.sku)) };
    },
    async ClearCart(request) {
      const input = parseRequest(cartRequest, request, 'ClearCartRequest');
      return { cart: toCartMessage(await carts.clear(input.userId)) };
    },
  };
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** A ListOrders page token, bound to the user it was issued for: it cannot page someone else's orders. */
const pageToken = z.object({
  u: z.string(),
  c: z.string().refine((value) => !Number.isNaN(Date.parse(value))),
  i: z.string().refine(isUuid),
});

function encodePageToken(cursor: PageCursor, userId: string): string {
  return encodeRpcPageToken({ u: userId, c: cursor.createdAt, i: cursor.id });
}

function decodePageToken(token: string, userId: string): PageCursor {
  const { c, i } = decodeRpcPageToken(token, pageToken, 'ListOrders', { u: userId });
  return { createdAt: c, id: i };
}

function money(amountMinor: number, currencyCode: string): Money {
  return { amountMinor, currencyCode };
}

const ORDER_STATE = {
  PENDING: 'ORDER_STATE_PENDING',
  CONFIRMED: 'ORDER_STATE_CONFIRMED',
  FAILED: 'ORDER_STATE_FAILED',
  CANCELLED: 'ORDER_STATE_CANCELLED',
} as const;

function toOrderMessage(order: OrderRecord): OrderMessage {
  return {
    id: order.id,
    userId: order.userId,
    state: ORDER_STATE[order.state],
    items: order.items.map((item) => ({
      sku: item.sku,
      name: item.name,
      quantity: item.quantity,
      unitPrice: money(item.unitPriceMinor, order.currencyCode),
      lineTotal: money(item.unitPriceMinor * item.quantity, order.currencyCode),
    })),
    total: money(order.totalMinor, order.currencyCode),
    // Only a FAILED order explains itself; a compensation in flight has no public reason yet.
    failureReason: order.state === 'FAILED' ? (order.failureReason ?? '') : '',
    createdAt: toTimestamp(order.createdAt),
    updatedAt: toTimestamp(order.updatedAt),
  };
}

function toCartMessage(cart: PricedCart): CartMessage {
  return {
    userId: cart.userId,
    items: cart.lines.map((line) => ({
      sku: line.sku,
      quantity: line.quantity,
      name: line.name,
      unitPrice: line.unitPriceMinor === undefined ? null : money(line.unitPriceMinor, cart.currencyCode),
      lineTotal: line.unitPriceMinor === undefined ? null : money(line.unitPriceMinor * line.quantity, cart.currencyCode),
      available: line.available,
    })),
    total: money(cart.totalMinor, cart.currencyCode),
  };
}
