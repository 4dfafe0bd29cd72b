import type { ServiceClient } from '@shop/rpc';
import type { InventoryServiceDefinition } from '@shop/rpc/generated/shop/inventory/v1/InventoryService';
import type { CartServiceDefinition } from '@shop/rpc/generated/shop/order/v1/CartService';
import type { OrderServiceDefinition } from '@shop/rpc/generated/shop/order/v1/OrderService';
import type { UserServiceDefinition } from '@shop/rpc/generated/shop/user/v1/UserService';
import type { z } from 'zod';
import type { ProblemKind } from '../http/problems';
import type { IdempotencyStore } from '../idempotency';

/*
 * A route is data plus a handler: the same object mounts the Express route (validation, limits,
 * auth, budget) and describes the operation in the OpenAPI document, so the two cannot drift.
 */

export interface Downstream {
  users: ServiceClient<UserServiceDefinition>;
  inventory: ServiceClient<InventoryServiceDefinition>;
  orders: ServiceClient<OrderServiceDefinition>;
  carts: ServiceClient<CartServiceDefinition>;
}

/** What the gateway keeps itself (in its own Redis), beside the services it calls. */
export interface EdgeStores {
  idempotency: IdempotencyStore;
}

export interface RequestSchemas {
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Keys are header names as documented (Idempotency-Key); matched case-insensitively. */
  headers?: z.ZodObject;
}

type Parsed<S extends RequestSchemas> = { [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never };

/** Who is calling: the address always, the user (from the verified token's sub) on authenticated routes. */
export interface Caller {
  clientIp: string;
  /** Empty on public routes; never taken from the request itself. */
  userId: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Response header name → description. */
  headers?: Record<string, string>;
}

export type Method = 'get' | 'post' | 'put' | 'delete';

export interface RouteDefinition<S extends RequestSchemas> {
  method: Method;
  /** Express syntax under /api/v1, e.g. /orders/:id. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** Requires a valid access token; limits then also count per user. */
  auth: boolean;
  /** Which per-address limit applies: the general one, or the stricter one of login and register. */
  limit: 'address' | 'auth';
  /** Which budget the request gets (REQUEST_BUDGET_MS or CHECKOUT_BUDGET_MS). */
  budget: 'request' | 'checkout';
  request: S;
  responses: Record<number, ResponseSpec>;
  /** Errors this route can answer beyond those every route can (see openapi.ts). */
  errors: ProblemKind[];
  handle(input: Parsed<S> & Caller, downstream: Downstream, stores: EdgeStores): Promise<Reply>;
}

export type Route = RouteDefinition<RequestSchemas>;

/** Keeps each route's handler typed by its own schemas while the table holds them all. */
export function defineRoute<S extends RequestSchemas>(route: RouteDefinition<S>): Route {
  return route as unknown as Route;
}
