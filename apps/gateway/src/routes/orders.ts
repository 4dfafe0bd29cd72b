import { Order, OrderPage, OrderParams, OrderQuery, orderJson, PlaceOrderBody, PlaceOrderHeaders } from '../schemas/orders';
import { defineRoute, type Reply } from './route';

const LOCATION = { Location: 'The order: /api/v1/orders/{id}.' };

// Every call names the caller's own orders: userId comes from the access token, never the request.
// Another user's order is NOT_FOUND at the order service, so it is a 404 here, never a 403.
export const orderRoutes = [
  defineRoute({
    method: 'post',
    path: '/orders',
    operationId: 'placeOrder',
    summary: "Check out the caller's cart",
    tag: 'orders',
    auth: true,
    limit: 'address',
    budget: 'checkout',
    request: { body: PlaceOrderBody, headers: PlaceOrderHeaders },
    responses: {
      201: {
        description:
          'The order, CONFIRMED or FAILED (a declined card is a FAILED order, not an error). A repeat with the same Idempotency-Key replays this response.',
        schema: Order,
        headers: { ...LOCATION, 'Idempotent-Replayed': '"true" when this is the stored response of an earlier request.' },
      },
      202: { description: 'The order, still PENDING when the budget ran out: poll it at Location.', schema: Order, headers: LOCATION },
    },
    errors: ['conflict', 'idempotencyKeyReused'],
    async handle({ userId, headers, body }, { orders }, { idempotency }) {
      const key = headers['Idempotency-Key'];
      const attempt = await idempotency.begin(userId, key, body);
      if (attempt.replay) return { ...attempt.replay, headers: { ...attempt.replay.headers, 'Idempotent-Replayed': 'true' } };

      // The order service is idempotent by (user, key) too: racing repeats that got here before any
      // response was stored still get one order, and each of them answers with it.
      const order = orderJson((await orders.placeOrder({ userId, idempotencyKey: key, card: body.card })).order);
      const reply: Reply = { status: order.state === 'PENDING' ? 202 : 201, body: order, headers: { Location: `/api/v1/orders/${order.id}` } };
      // A PENDING answer is not final: a repeat asks the order service again and gets the outcome.
      if (order.state !== 'PENDING') await idempotency.complete(attempt, reply);
      return reply;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/orders',
    operationId: 'listOrders',
    summary: "Page through the caller's orders, newest first",
    tag: 'orders',
    auth: true,
    limit: 'address',
    budget: 'request',
    request: { query: OrderQuery },
    responses: { 200: { description: 'One page of orders.', schema: OrderPage } },
    errors: [],
    async handle({ userId, query }, { orders }) {
      const page = await orders.listOrders({ userId, pageSize: query.pageSize ?? 0, pageToken: query.pageToken ?? '' });
      return { status: 200, body: { orders: page.orders.map(orderJson), nextPageToken: page.nextPageToken || null } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/orders/:id',
    operationId: 'getOrder',
    summary: 'One of the caller’s orders',
    tag: 'orders',
    auth: true,
    limit: 'address',
    budget: 'request',
    request: { params: OrderParams },
    responses: { 200: { description: 'The order.', schema: Order } },
    errors: ['notFound'],
    async handle({ userId, params }, { orders }) {
      return { status: 200, body: orderJson((await orders.getOrder({ userId, orderId: params.id })).order) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/orders/:id/cancel',
    operationId: 'cancelOrder',
    summary: 'Cancel a CONFIRMED order: refund and restock (idempotent)',
    tag: 'orders',
    auth: true,
    limit: 'address',
    budget: 'checkout',
    request: { params: OrderParams },
    responses: { 200: { description: 'The order, CANCELLED.', schema: Order } },
    errors: ['notFound', 'conflict'],
    async handle({ userId, params }, { orders }) {
      return { status: 200, body: orderJson((await orders.cancelOrder({ userId, orderId: params.id })).order) };
    },
  }),
];
