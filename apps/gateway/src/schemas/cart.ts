import type { Cart__Output } from '@shop/rpc/generated/shop/order/v1/Cart';
import { z } from 'zod';
import { Money, moneyJson } from './common';

/** The order service's default CART_MAX_QUANTITY_PER_LINE: a deployment that raises it raises this too. */
export const MAX_QUANTITY_PER_LINE = 99;

export const SetQuantityBody = z
  .strictObject({
    quantity: z
      .number()
      .int()
      .min(1)
      .max(MAX_QUANTITY_PER_LINE)
      .meta({ description: 'Units of the sku; DELETE the item to remove it.', example: 2 }),
  })
  .meta({ id: 'SetQuantity' });

export const CartItem = z
  .object({
    sku: z.string(),
    quantity: z.number().int(),
    name: z.string().meta({ description: 'Empty if the product is no longer sold.' }),
    unitPrice: Money.nullable(),
    lineTotal: Money.nullable(),
    available: z.boolean().meta({ description: 'Stock covers the quantity right now (a hint: nothing is reserved before checkout).' }),
  })
  .meta({ id: 'CartItem' });

export const Cart = z.object({ items: z.array(CartItem), total: Money.nullable() }).meta({ id: 'Cart' });

export function cartJson(cart: Cart__Output | null | undefined): z.infer<typeof Cart> {
  if (!cart) throw new Error('the cart service answered without a cart');
  return {
    items: cart.items.map((item) => ({
      sku: item.sku,
      quantity: item.quantity,
      name: item.name,
      unitPrice: moneyJson(item.unitPrice),
      lineTotal: moneyJson(item.lineTotal),
      available: item.available,
    })),
    total: moneyJson(cart.total),
  };
}
