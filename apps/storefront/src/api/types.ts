/*
 * The JSON the gateway's REST API answers, named for the pages that read it. Every type comes from
 * the API's OpenAPI document (generated/openapi.ts, by `npx nx run storefront:generate`): the
 * storefront is one more client of that API and holds no other knowledge of the services.
 */
import type { components } from './generated/openapi';

type Schemas = components['schemas'];

export type Money = Schemas['Money'];
export type Product = Schemas['Product'];
export type ProductPage = Schemas['ProductPage'];
export type User = Schemas['User'];
export type AccessToken = Schemas['AccessToken'];
export type RefreshedToken = Schemas['RefreshedToken'];
export type CartItem = Schemas['CartItem'];
export type Cart = Schemas['Cart'];
export type Order = Schemas['Order'];
export type OrderState = Order['state'];
export type OrderPage = Schemas['OrderPage'];
export type Card = Schemas['Card'];
/** An error answer's body as the API documents it; read as partial, since a proxy may answer instead. */
export type ProblemDocument = Schemas['Problem'];
