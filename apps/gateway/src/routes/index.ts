import { authRoutes } from './auth';
import { cartRoutes } from './cart';
import { orderRoutes } from './orders';
import { productRoutes } from './products';
import type { Route } from './route';

/** Every /api/v1 operation: what is mounted and what the OpenAPI document describes. */
export const API_ROUTES: readonly Route[] = [...authRoutes, ...productRoutes, ...cartRoutes, ...orderRoutes];

export const API_PREFIX = '/api/v1';
