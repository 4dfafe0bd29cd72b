import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Money as _shop_common_v1_Money, Money__Output as _shop_common_v1_Money__Output } from './shop/common/v1/Money';
import type { AddItemRequest as _shop_order_v1_AddItemRequest, AddItemRequest__Output as _shop_order_v1_AddItemRequest__Output } from './shop/order/v1/AddItemRequest';
import type { AddItemResponse as _shop_order_v1_AddItemResponse, AddItemResponse__Output as _shop_order_v1_AddItemResponse__Output } from './shop/order/v1/AddItemResponse';
import type { Cart as _shop_order_v1_Cart, Cart__Output as _shop_order_v1_Cart__Output } from './shop/order/v1/Cart';
import type { CartItem as _shop_order_v1_CartItem, CartItem__Output as _shop_order_v1_CartItem__Output } from './shop/order/v1/CartItem';
import type { CartServiceClient as _shop_order_v1_CartServiceClient, CartServiceDefinition as _shop_order_v1_CartServiceDefinition } from './shop/order/v1/CartService';
import type { ClearCartRequest as _shop_order_v1_ClearCartRequest, ClearCartRequest__Output as _shop_order_v1_ClearCartRequest__Output } from './shop/order/v1/ClearCartRequest';
import type { ClearCartResponse as _shop_order_v1_ClearCartResponse, ClearCartResponse__Output as _shop_order_v1_ClearCartResponse__Output } from './shop/order/v1/ClearCartResponse';
import type { GetCartRequest as _shop_order_v1_GetCartRequest, GetCartRequest__Output as _shop_order_v1_GetCartRequest__Output } from './shop/order/v1/GetCartRequest';
import type { GetCartResponse as _shop_order_v1_GetCartResponse, GetCartResponse__Output as _shop_order_v1_GetCartResponse__Output } from './shop/order/v1/GetCartResponse';
import type { RemoveItemRequest as _shop_order_v1_RemoveItemRequest, RemoveItemRequest__Output as _shop_order_v1_RemoveItemRequest__Output } from './shop/order/v1/RemoveItemRequest';
import type { RemoveItemResponse as _shop_order_v1_RemoveItemResponse, RemoveItemResponse__Output as _shop_order_v1_RemoveItemResponse__Output } from './shop/order/v1/RemoveItemResponse';
import type { SetItemQuantityRequest as _shop_order_v1_SetItemQuantityRequest, SetItemQuantityRequest__Output as _shop_order_v1_SetItemQuantityRequest__Output } from './shop/order/v1/SetItemQuantityRequest';
import type { SetItemQuantityResponse as _shop_order_v1_SetItemQuantityResponse, SetItemQuantityResponse__Output as _shop_order_v1_SetItemQuantityResponse__Output } from './shop/order/v1/SetItemQuantityResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  shop: {
    common: {
      v1: {
        Money: MessageTypeDefinition<_shop_common_v1_Money, _shop_common_v1_Money__Output>
      }
    }
    order: {
      v1: {
        AddItemRequest: MessageTypeDefinition<_shop_order_v1_AddItemRequest, _shop_order_v1_AddItemRequest__Output>
        AddItemResponse: MessageTypeDefinition<_shop_order_v1_AddItemResponse, _shop_order_v1_AddItemResponse__Output>
        Cart: MessageTypeDefinition<_shop_order_v1_Cart, _shop_order_v1_Cart__Output>
        CartItem: MessageTypeDefinition<_shop_order_v1_CartItem, _shop_order_v1_CartItem__Output>
        /**
         * CartService keeps one shopping cart per user, in Redis with a TTL that
         * every change renews. A cart holds skus and quantities only; names and
         * prices are read from the catalog (InventoryService.BatchGetProducts) each
         * time a cart is returned, and stock is not reserved until PlaceOrder.
         * 
         * Every RPC is scoped to user_id (taken by the gateway from the verified
         * access token) and answers with the whole cart as it is after the call.
         * 
         * Idempotency: every mutation except AddItem is naturally idempotent (its
         * key is user_id, or user_id + sku) and safe to retry. AddItem adds to the
         * quantity already in the cart, so it is not idempotent and is excluded from
         * automatic retries; a client that needs a retry-safe change uses
         * SetItemQuantity.
         */
        CartService: SubtypeConstructor<typeof grpc.Client, _shop_order_v1_CartServiceClient> & { service: _shop_order_v1_CartServiceDefinition }
        ClearCartRequest: MessageTypeDefinition<_shop_order_v1_ClearCartRequest, _shop_order_v1_ClearCartRequest__Output>
        ClearCartResponse: MessageTypeDefinition<_shop_order_v1_ClearCartResponse, _shop_order_v1_ClearCartResponse__Output>
        GetCartRequest: MessageTypeDefinition<_shop_order_v1_GetCartRequest, _shop_order_v1_GetCartRequest__Output>
        GetCartResponse: MessageTypeDefinition<_shop_order_v1_GetCartResponse, _shop_order_v1_GetCartResponse__Output>
        RemoveItemRequest: MessageTypeDefinition<_shop_order_v1_RemoveItemRequest, _shop_order_v1_RemoveItemRequest__Output>
        RemoveItemResponse: MessageTypeDefinition<_shop_order_v1_RemoveItemResponse, _shop_order_v1_RemoveItemResponse__Output>
        SetItemQuantityRequest: MessageTypeDefinition<_shop_order_v1_SetItemQuantityRequest, _shop_order_v1_SetItemQuantityRequest__Output>
        SetItemQuantityResponse: MessageTypeDefinition<_shop_order_v1_SetItemQuantityResponse, _shop_order_v1_SetItemQuantityResponse__Output>
      }
    }
  }
}

