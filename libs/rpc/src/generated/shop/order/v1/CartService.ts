// Original file: proto/shop/order/v1/cart_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AddItemRequest as _shop_order_v1_AddItemRequest, AddItemRequest__Output as _shop_order_v1_AddItemRequest__Output } from '../../../shop/order/v1/AddItemRequest';
import type { AddItemResponse as _shop_order_v1_AddItemResponse, AddItemResponse__Output as _shop_order_v1_AddItemResponse__Output } from '../../../shop/order/v1/AddItemResponse';
import type { ClearCartRequest as _shop_order_v1_ClearCartRequest, ClearCartRequest__Output as _shop_order_v1_ClearCartRequest__Output } from '../../../shop/order/v1/ClearCartRequest';
import type { ClearCartResponse as _shop_order_v1_ClearCartResponse, ClearCartResponse__Output as _shop_order_v1_ClearCartResponse__Output } from '../../../shop/order/v1/ClearCartResponse';
import type { GetCartRequest as _shop_order_v1_GetCartRequest, GetCartRequest__Output as _shop_order_v1_GetCartRequest__Output } from '../../../shop/order/v1/GetCartRequest';
import type { GetCartResponse as _shop_order_v1_GetCartResponse, GetCartResponse__Output as _shop_order_v1_GetCartResponse__Output } from '../../../shop/order/v1/GetCartResponse';
import type { RemoveItemRequest as _shop_order_v1_RemoveItemRequest, RemoveItemRequest__Output as _shop_order_v1_RemoveItemRequest__Output } from '../../../shop/order/v1/RemoveItemRequest';
import type { RemoveItemResponse as _shop_order_v1_RemoveItemResponse, RemoveItemResponse__Output as _shop_order_v1_RemoveItemResponse__Output } from '../../../shop/order/v1/RemoveItemResponse';
import type { SetItemQuantityRequest as _shop_order_v1_SetItemQuantityRequest, SetItemQuantityRequest__Output as _shop_order_v1_SetItemQuantityRequest__Output } from '../../../shop/order/v1/SetItemQuantityRequest';
import type { SetItemQuantityResponse as _shop_order_v1_SetItemQuantityResponse, SetItemQuantityResponse__Output as _shop_order_v1_SetItemQuantityResponse__Output } from '../../../shop/order/v1/SetItemQuantityResponse';

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
export interface CartServiceClient extends grpc.Client {
  /**
   * AddItem adds quantity units of sku: merged into the existing line if the
   * sku is already in the cart, else a new line.
   * 
   * Idempotency: none (see the service comment); not retried automatically.
   * 
   * Errors: INVALID_ARGUMENT (empty user_id or sku, quantity < 1, the line
   * would exceed the per-line maximum), NOT_FOUND (unknown sku),
   * FAILED_PRECONDITION (the cart already holds the maximum number of lines).
   */
  AddItem(argument: _shop_order_v1_AddItemRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_AddItemResponse__Output>): grpc.ClientUnaryCall;
  AddItem(argument: _shop_order_v1_AddItemRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_order_v1_AddItemResponse__Output>): grpc.ClientUnaryCall;
  AddItem(argument: _shop_order_v1_AddItemRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_AddItemResponse__Output>): grpc.ClientUnaryCall;
  AddItem(argument: _shop_order_v1_AddItemRequest, callback: grpc.requestCallback<_shop_order_v1_AddItemResponse__Output>): grpc.ClientUnaryCall;
  /**
   * AddItem adds quantity units of sku: merged into the existing line if the
   * sku is already in the cart, else a new line.
   * 
   * Idempotency: none (see the service comment); not retried automatically.
   * 
   * Errors: INVALID_ARGUMENT (empty user_id or sku, quantity < 1, the line
   * would exceed the per-line maximum), NOT_FOUND (unknown sku),
   * FAILED_PRECONDITION (the cart already holds the maximum number of lines).
   */
  addItem(argument: _shop_order_v1_AddItemRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_AddItemResponse__Output>): grpc.ClientUnaryCall;
  addItem(argument: _shop_order_v1_AddItemRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_order_v1_AddItemResponse__Output>): grpc.ClientUnaryCall;
  addItem(argument: _shop_order_v1_AddItemRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_AddItemResponse__Output>): grpc.ClientUnaryCall;
  addItem(argument: _shop_order_v1_AddItemRequest, callback: grpc.requestCallback<_shop_order_v1_AddItemResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * ClearCart removes every line.
   * 
   * Idempotency: naturally idempotent by user_id.
   * 
   * Errors: INVALID_ARGUMENT (empty user_id).
   */
  ClearCart(argument: _shop_order_v1_ClearCartRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_ClearCartResponse__Output>): grpc.ClientUnaryCall;
  ClearCart(argument: _shop_order_v1_ClearCartRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_order_v1_ClearCartResponse__Output>): grpc.ClientUnaryCall;
  ClearCart(argument: _shop_order_v1_ClearCartRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_ClearCartResponse__Output>): grpc.ClientUnaryCall;
  ClearCart(argument: _shop_order_v1_ClearCartRequest, callback: grpc.requestCallback<_shop_order_v1_ClearCartResponse__Output>): grpc.ClientUnaryCall;
  /**
   * ClearCart removes every line.
   * 
   * Idempotency: naturally idempotent by user_id.
   * 
   * Errors: INVALID_ARGUMENT (empty user_id).
   */
  clearCart(argument: _shop_order_v1_ClearCartRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_ClearCartResponse__Output>): grpc.ClientUnaryCall;
  clearCart(argument: _shop_order_v1_ClearCartRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_order_v1_ClearCartResponse__Output>): grpc.ClientUnaryCall;
  clearCart(argument: _shop_order_v1_ClearCartRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_ClearCartResponse__Output>): grpc.ClientUnaryCall;
  clearCart(argument: _shop_order_v1_ClearCartRequest, callback: grpc.requestCallback<_shop_order_v1_ClearCartResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * GetCart returns the user's cart; a user without one gets an empty cart,
   * never NOT_FOUND. Read-only.
   * 
   * Errors: INVALID_ARGUMENT (empty user_id).
   */
  GetCart(argument: _shop_order_v1_GetCartRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_GetCartResponse__Output>): grpc.ClientUnaryCall;
  GetCart(argument: _shop_order_v1_GetCartRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_order_v1_GetCartResponse__Output>): grpc.ClientUnaryCall;
  GetCart(argument: _shop_order_v1_GetCartRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_GetCartResponse__Output>): grpc.ClientUnaryCall;
  GetCart(argument: _shop_order_v1_GetCartRequest, callback: grpc.requestCallback<_shop_order_v1_GetCartResponse__Output>): grpc.ClientUnaryCall;
  /**
   * GetCart returns the user's cart; a user without one gets an empty cart,
   * never NOT_FOUND. Read-only.
   * 
   * Errors: INVALID_ARGUMENT (empty user_id).
   */
  getCart(argument: _shop_order_v1_GetCartRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_GetCartResponse__Output>): grpc.ClientUnaryCall;
  getCart(argument: _shop_order_v1_GetCartRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_order_v1_GetCartResponse__Output>): grpc.ClientUnaryCall;
  getCart(argument: _shop_order_v1_GetCartRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_GetCartResponse__Output>): grpc.ClientUnaryCall;
  getCart(argument: _shop_order_v1_GetCartRequest, callback: grpc.requestCallback<_shop_order_v1_GetCartResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * RemoveItem removes the line of sku; removing a sku that is not in the
   * cart is not an error.
   * 
   * Idempotency: naturally idempotent by (user_id, sku).
   * 
   * Errors: INVALID_ARGUMENT (empty user_id or sku).
   */
  RemoveItem(argument: _shop_order_v1_RemoveItemRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_RemoveItemResponse__Output>): grpc.ClientUnaryCall;
  RemoveItem(argument: _shop_order_v1_RemoveItemRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_order_v1_RemoveItemResponse__Output>): grpc.ClientUnaryCall;
  RemoveItem(argument: _shop_order_v1_RemoveItemRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_RemoveItemResponse__Output>): grpc.ClientUnaryCall;
  RemoveItem(argument: _shop_order_v1_RemoveItemRequest, callback: grpc.requestCallback<_shop_order_v1_RemoveItemResponse__Output>): grpc.ClientUnaryCall;
  /**
   * RemoveItem removes the line of sku; removing a sku that is not in the
   * cart is not an error.
   * 
   * Idempotency: naturally idempotent by (user_id, sku).
   * 
   * Errors: INVALID_ARGUMENT (empty user_id or sku).
   */
  removeItem(argument: _shop_order_v1_RemoveItemRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_RemoveItemResponse__Output>): grpc.ClientUnaryCall;
  removeItem(argument: _shop_order_v1_RemoveItemRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_order_v1_RemoveItemResponse__Output>): grpc.ClientUnaryCall;
  removeItem(argument: _shop_order_v1_RemoveItemRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_RemoveItemResponse__Output>): grpc.ClientUnaryCall;
  removeItem(argument: _shop_order_v1_RemoveItemRequest, callback: grpc.requestCallback<_shop_order_v1_RemoveItemResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * SetItemQuantity sets the quantity of sku to exactly quantity, adding the
   * line if needed; quantity 0 removes the line.
   * 
   * Idempotency: naturally idempotent by (user_id, sku, quantity).
   * 
   * Errors: INVALID_ARGUMENT (empty user_id or sku, quantity < 0 or above the
   * per-line maximum), NOT_FOUND (unknown sku, when quantity > 0),
   * FAILED_PRECONDITION (adding a line to a cart that holds the maximum
   * number of lines).
   */
  SetItemQuantity(argument: _shop_order_v1_SetItemQuantityRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_SetItemQuantityResponse__Output>): grpc.ClientUnaryCall;
  SetItemQuantity(argument: _shop_order_v1_SetItemQuantityRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_order_v1_SetItemQuantityResponse__Output>): grpc.ClientUnaryCall;
  SetItemQuantity(argument: _shop_order_v1_SetItemQuantityRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_SetItemQuantityResponse__Output>): grpc.ClientUnaryCall;
  SetItemQuantity(argument: _shop_order_v1_SetItemQuantityRequest, callback: grpc.requestCallback<_shop_order_v1_SetItemQuantityResponse__Output>): grpc.ClientUnaryCall;
  /**
   * SetItemQuantity sets the quantity of sku to exactly quantity, adding the
   * line if needed; quantity 0 removes the line.
   * 
   * Idempotency: naturally idempotent by (user_id, sku, quantity).
   * 
   * Errors: INVALID_ARGUMENT (empty user_id or sku, quantity < 0 or above the
   * per-line maximum), NOT_FOUND (unknown sku, when quantity > 0),
   * FAILED_PRECONDITION (adding a line to a cart that holds the maximum
   * number of lines).
   */
  setItemQuantity(argument: _shop_order_v1_SetItemQuantityRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_SetItemQuantityResponse__Output>): grpc.ClientUnaryCall;
  setItemQuantity(argument: _shop_order_v1_SetItemQuantityRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_order_v1_SetItemQuantityResponse__Output>): grpc.ClientUnaryCall;
  setItemQuantity(argument: _shop_order_v1_SetItemQuantityRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_SetItemQuantityResponse__Output>): grpc.ClientUnaryCall;
  setItemQuantity(argument: _shop_order_v1_SetItemQuantityRequest, callback: grpc.requestCallback<_shop_order_v1_SetItemQuantityResponse__Output>): grpc.ClientUnaryCall;
  
}

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
export interface CartServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * AddItem adds quantity units of sku: merged into the existing line if the
   * sku is already in the cart, else a new line.
   * 
   * Idempotency: none (see the service comment); not retried automatically.
   * 
   * Errors: INVALID_ARGUMENT (empty user_id or sku, quantity < 1, the line
   * would exceed the per-line maximum), NOT_FOUND (unknown sku),
   * FAILED_PRECONDITION (the cart already holds the maximum number of lines).
   */
  AddItem: grpc.handleUnaryCall<_shop_order_v1_AddItemRequest__Output, _shop_order_v1_AddItemResponse>;
  
  /**
   * ClearCart removes every line.
   * 
   * Idempotency: naturally idempotent by user_id.
   * 
   * Errors: INVALID_ARGUMENT (empty user_id).
   */
  ClearCart: grpc.handleUnaryCall<_shop_order_v1_ClearCartRequest__Output, _shop_order_v1_ClearCartResponse>;
  
  /**
   * GetCart returns the user's cart; a user without one gets an empty cart,
   * never NOT_FOUND. Read-only.
   * 
   * Errors: INVALID_ARGUMENT (empty user_id).
   */
  GetCart: grpc.handleUnaryCall<_shop_order_v1_GetCartRequest__Output, _shop_order_v1_GetCartResponse>;
  
  /**
   * RemoveItem removes the line of sku; removing a sku that is not in the
   * cart is not an error.
   * 
   * Idempotency: naturally idempotent by (user_id, sku).
   * 
   * Errors: INVALID_ARGUMENT (empty user_id or sku).
   */
  RemoveItem: grpc.handleUnaryCall<_shop_order_v1_RemoveItemRequest__Output, _shop_order_v1_RemoveItemResponse>;
  
  /**
   * SetItemQuantity sets the quantity of sku to exactly quantity, adding the
   * line if needed; quantity 0 removes the line.
   * 
   * Idempotency: naturally idempotent by (user_id, sku, quantity).
   * 
   * Errors: INVALID_ARGUMENT (empty user_id or sku, quantity < 0 or above the
   * per-line maximum), NOT_FOUND (unknown sku, when quantity > 0),
   * FAILED_PRECONDITION (adding a line to a cart that holds the maximum
   * number of lines).
   */
  SetItemQuantity: grpc.handleUnaryCall<_shop_order_v1_SetItemQuantityRequest__Output, _shop_order_v1_SetItemQuantityResponse>;
  
}

export interface CartServiceDefinition extends grpc.ServiceDefinition {
  AddItem: MethodDefinition<_shop_order_v1_AddItemRequest, _shop_order_v1_AddItemResponse, _shop_order_v1_AddItemRequest__Output, _shop_order_v1_AddItemResponse__Output>
  ClearCart: MethodDefinition<_shop_order_v1_ClearCartRequest, _shop_order_v1_ClearCartResponse, _shop_order_v1_ClearCartRequest__Output, _shop_order_v1_ClearCartResponse__Output>
  GetCart: MethodDefinition<_shop_order_v1_GetCartRequest, _shop_order_v1_GetCartResponse, _shop_order_v1_GetCartRequest__Output, _shop_order_v1_GetCartResponse__Output>
  RemoveItem: MethodDefinition<_shop_order_v1_RemoveItemRequest, _shop_order_v1_RemoveItemResponse, _shop_order_v1_RemoveItemRequest__Output, _shop_order_v1_RemoveItemResponse__Output>
  SetItemQuantity: MethodDefinition<_shop_order_v1_SetItemQuantityRequest, _shop_order_v1_SetItemQuantityResponse, _shop_order_v1_SetItemQuantityRequest__Output, _shop_order_v1_SetItemQuantityResponse__Output>
}
