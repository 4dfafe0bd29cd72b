import { Cart, cartJson, SetQuantityBody } from '../schemas/cart';
import { SkuParams } from '../schemas/products';
import { defineRoute } from './route';

// Every call names the caller's own cart: userId comes from the access token, never the request.
export const cartRoutes = [
  defineRoute({
    method: 'get',
    path: '/cart',
    operationId: 'getCart',
    summary: "The caller's cart, priced from the current catalog",
    tag: 'cart',
    auth: true,
    limit: 'address',
    budget: 'request',
    request: {},
    responses: { 200: { description: 'The cart (empty if there is none).', schema: Cart } },
    errors: [],
    async handle({ userId }, { carts }) {
      return { status: 200, body: cartJson((await carts.getCart({ userId })).cart) };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/cart/items/:sku',
    operationId: 'setCartItem',
    summary: 'Set the quantity of one product in the cart (idempotent)',
    tag: 'cart',
    auth: true,
    limit: 'address',
    budget: 'request',
    request: { params: SkuParams, body: SetQuantityBody },
    responses: { 200: { description: 'The cart after the change.', schema: Cart } },
    errors: ['notFound', 'conflict'],
    async handle({ userId, params, body }, { carts }) {
      const { cart } = await carts.setItemQuantity({ userId, sku: params.sku, quantity: body.quantity });
      return { status: 200, body: cartJson(cart) };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/cart/items/:sku',
    operationId: 'removeCartItem',
    summary: 'Remove one product from the cart (idempotent)',
    tag: 'cart',
    auth: true,
    limit: 'address',
    budget: 'request',
    request: { params: SkuParams },
    responses: { 200: { description: 'The cart after the change.', schema: Cart } },
    errors: [],
    async handle({ userId, params }, { carts }) {
      return { status: 200, body: cartJson((await carts.removeItem({ userId, sku: params.sku })).cart) };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/cart',
    operationId: 'clearCart',
    summary: 'Empty the cart (idempotent)',
    tag: 'cart',
    auth: true,
    limit: 'address',
    budget: 'request',
    request: {},
    responses: { 204: { description: 'The cart is empty.' } },
    errors: [],
    async handle({ userId }, { carts }) {
      await carts.clearCart({ userId });
      return { status: 204 };
    },
  }),
];
