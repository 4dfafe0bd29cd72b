import type { Order__Output } from '@shop/rpc/generated/shop/order/v1/Order';
import { z } from 'zod';
import { Money, moneyJson, PageSize, PageToken, Timestamp, timestampJson } from './common';

export const Card = z
  .strictObject({
    number: z
      .string()
      .regex(/^\d{12,19}$/, 'digits only, 12 to 19 of them')
      .meta({ description: 'Must also pass the Luhn check (a 400 otherwise).', example: '4242424242424242' }),
    expMonth: z.number().int().min(1).max(12).meta({ example: 12 }),
    expYear: z
      .number()
      .int()
      .min(2000)
      .max(2200)
      .meta({ description: 'With expMonth, not in the past: a card is good through the last day of its expiry month (UTC), a 400 after.', example: 2030 }),
    cvc: z.string().regex(/^\d{3,4}$/, '3 or 4 digits').meta({ example: '123' }),
    holderName: z.string().min(1).max(200).meta({ example: 'Ada Lovelace' }),
  })
  .meta({ id: 'Card', description: 'Passed to the payment service; never stored or logged.' });

export const PlaceOrderBody = z.strictObject({ card: Card }).meta({ id: 'PlaceOrder' });

export const IdempotencyKey = z
  .string({ error: 'the Idempotency-Key header is required' })
  .regex(/^[\x21-\x7e]{1,128}$/, '1 to 128 visible ASCII characters')
  .meta({ description: 'Client-chosen key (a UUID is a good choice): a repeat with the same key replays the first response.', example: '8e03978e-40d5-43e8-bc93-6894a57f9324' });

export const PlaceOrderHeaders = z.object({ 'Idempotency-Key': IdempotencyKey });

export const OrderParams = z.strictObject({ id: z.uuid().meta({ description: 'Order id.' }) });

export const OrderQuery = z.strictObject({ pageSize: PageSize, pageToken: PageToken });

const OrderState = z.enum(['PENDING', 'CONFIRMED', 'FAILED', 'CANCELLED']).meta({
  description: 'PENDING → CONFIRMED | FAILED, and CONFIRMED → CANCELLED.',
});

export const Order = z
  .object({
    id: z.uuid(),
    state: OrderState,
    items: z.array(
      z.object({ sku: z.string(), name: z.string(), quantity: z.number().int(), unitPrice: Money.nullable(), lineTotal: Money.nullable() }),
    ),
    total: Money.nullable(),
    failureReason: z.string().nullable().meta({ description: 'Why it FAILED, a stable snake_case code, e.g. payment_declined.' }),
    createdAt: Timestamp.nullable(),
    updatedAt: Timestamp.nullable(),
  })
  .meta({ id: 'Order' });

export const OrderPage = z.object({ orders: z.array(Order), nextPageToken: z.string().nullable() }).meta({ id: 'OrderPage' });

export type OrderJson = z.infer<typeof Order>;

export function orderJson(order: Order__Output | null | undefined): OrderJson {
  if (!order) throw new Error('the order service answered without an order');
  return {
    id: order.id,
    state: order.state.replace('ORDER_STATE_', '') as OrderJson['state'],
    items: order.items.map((item) => ({
      sku: item.sku,
      name: item.name,
      quantity: item.quantity,
      unitPrice: moneyJson(item.unitPrice),
      lineTotal: moneyJson(item.lineTotal),
    })),
    total: moneyJson(order.total),
    failureReason: order.failureReason || null,
    createdAt: timestampJson(order.createdAt),
    updatedAt: timestampJson(order.updatedAt),
  };
}
