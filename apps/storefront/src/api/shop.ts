import { deviceStore } from '../session/session-store';
import type { ApiClient } from './client';
import type { AccessToken, Card, Cart, Order, OrderPage, Product, ProductPage } from './types';

/** The API operations the storefront uses, one function each (names as in the OpenAPI document). */
export function shopApi(api: ApiClient) {
  const query = (params: Record<string, string | number | undefined>) => {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(name, String(value));
    const text = search.toString();
    return text ? `?${text}` : '';
  };
  const body = <T>(promise: Promise<{ body: T }>) => promise.then((response) => response.body);
  const sku = encodeURIComponent;

  return {
    listProducts: (params: { q?: string; tag?: string; pageToken?: string; pageSize?: number }) =>
      body(api.request<ProductPage>(`/products${query(params)}`)),
    getProduct: (productSku: string) => body(api.request<Product>(`/products/${sku(productSku)}`)),

    /** 202 alike for a new and a taken email: the login that follows tells whether the password fits. */
    register: (email: string, password: string) => api.request<unknown>('/auth/register', { method: 'POST', body: { email, password } }).then(() => undefined),
    login: (email: string, password: string) =>
      body(
        api.request<AccessToken>('/auth/login', {
          method: 'POST',
          body: { email, password, ...(deviceStore.load() ? { deviceToken: deviceStore.load() } : {}) },
        }),
      ).then((token) => {
        deviceStore.save(token.deviceToken);
        return token;
      }),

    getCart: () => body(api.request<Cart>('/cart', { auth: true })),
    setQuantity: (productSku: string, quantity: number) =>
      body(api.request<Cart>(`/cart/items/${sku(productSku)}`, { method: 'PUT', body: { quantity }, auth: true })),
    removeItem: (productSku: string) => body(api.request<Cart>(`/cart/items/${sku(productSku)}`, { method: 'DELETE', auth: true })),

    /** 201 with the order at rest (CONFIRMED or FAILED), or 202 with it still PENDING. */
    placeOrder: (card: Card, idempotencyKey: string) =>
      body(
        api.request<Order>('/orders', {
          method: 'POST',
          body: { card },
          headers: { 'Idempotency-Key': idempotencyKey },
          auth: true,
          timeoutMs: 30_000,
        }),
      ),
    listOrders: (pageToken?: string) => body(api.request<OrderPage>(`/orders${query({ pageToken })}`, { auth: true })),
    getOrder: (id: string) => body(api.request<Order>(`/orders/${encodeURIComponent(id)}`, { auth: true })),
    cancelOrder: (id: string) => body(api.request<Order>(`/orders/${encodeURIComponent(id)}/cancel`, { method: 'POST', auth: true, timeoutMs: 30_000 })),
  };
}

export type ShopApi = ReturnType<typeof shopApi>;
