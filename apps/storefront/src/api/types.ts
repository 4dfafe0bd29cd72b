/*
 * The JSON the gateway's REST API answers (see /api/openapi.json): only the fields the storefront
 * reads. The storefront is one more client of that API and holds no other knowledge of the services.
 */

export interface Money {
  amountMinor: number;
  currencyCode: string;
}

export interface Product {
  sku: string;
  name: string;
  description: string;
  price: Money | null;
  imageUrl: string;
  tags: string[];
  availableStock: number;
}

export interface ProductPage {
  products: Product[];
  nextPageToken: string | null;
}

export interface User {
  id: string;
  email: string;
}

export interface AccessToken {
  accessToken: string;
  expiresAt: string | null;
  user: User;
}

export interface CartItem {
  sku: string;
  quantity: number;
  name: string;
  unitPrice: Money | null;
  lineTotal: Money | null;
  available: boolean;
}

export interface Cart {
  items: CartItem[];
  total: Money | null;
}

export type OrderState = 'PENDING' | 'CONFIRMED' | 'FAILED' | 'CANCELLED';

export interface Order {
  id: string;
  state: OrderState;
  items: Array<{ sku: string; name: string; quantity: number; unitPrice: Money | null; lineTotal: Money | null }>;
  total: Money | null;
  failureReason: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface OrderPage {
  orders: Order[];
  nextPageToken: string | null;
}

export interface Card {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
  holderName: string;
}
