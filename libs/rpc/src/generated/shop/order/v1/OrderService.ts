// Original file: proto/shop/order/v1/order_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CancelOrderRequest as _shop_order_v1_CancelOrderRequest, CancelOrderRequest__Output as _shop_order_v1_CancelOrderRequest__Output } from '../../../shop/order/v1/CancelOrderRequest';
import type { CancelOrderResponse as _shop_order_v1_CancelOrderResponse, CancelOrderResponse__Output as _shop_order_v1_CancelOrderResponse__Output } from '../../../shop/order/v1/CancelOrderResponse';
import type { GetOrderRequest as _shop_order_v1_GetOrderRequest, GetOrderRequest__Output as _shop_order_v1_GetOrderRequest__Output } from '../../../shop/order/v1/GetOrderRequest';
import type { GetOrderResponse as _shop_order_v1_GetOrderResponse, GetOrderResponse__Output as _shop_order_v1_GetOrderResponse__Output } from '../../../shop/order/v1/GetOrderResponse';
import type { ListOrdersRequest as _shop_order_v1_ListOrdersRequest, ListOrdersRequest__Output as _shop_order_v1_ListOrdersRequest__Output } from '../../../shop/order/v1/ListOrdersRequest';
import type { ListOrdersResponse as _shop_order_v1_ListOrdersResponse, ListOrdersResponse__Output as _shop_order_v1_ListOrdersResponse__Output } from '../../../shop/order/v1/ListOrdersResponse';
import type { PlaceOrderRequest as _shop_order_v1_PlaceOrderRequest, PlaceOrderRequest__Output as _shop_order_v1_PlaceOrderRequest__Output } from '../../../shop/order/v1/PlaceOrderRequest';
import type { PlaceOrderResponse as _shop_order_v1_PlaceOrderResponse, PlaceOrderResponse__Output as _shop_order_v1_PlaceOrderResponse__Output } from '../../../shop/order/v1/PlaceOrderResponse';

/**
 * OrderService turns a user's cart into an order and runs the checkout saga,
 * persisted step by step: order PENDING -> stock reserved -> payment charged
 * -> reservation committed -> CONFIRMED. A failed step compensates (stock
 * released, payment refunded) and the order ends FAILED. A step whose
 * outcome is unknown (deadline, crash) is resolved by a recovery worker that
 * re-drives the saga with the same idempotent calls until the order is
 * terminal.
 * 
 * Every RPC is scoped to user_id (taken by the gateway from the verified
 * access token): an order of another user is reported as NOT_FOUND.
 */
export interface OrderServiceClient extends grpc.Client {
  /**
   * CancelOrder cancels a CONFIRMED order: the payment is refunded, the
   * stock returned, and the order becomes CANCELLED. If the call is
   * interrupted the cancellation is persisted and completed by the recovery
   * worker.
   * 
   * Idempotency: by (user_id, order_id); cancelling a CANCELLED order
   * returns it unchanged.
   * 
   * Errors: INVALID_ARGUMENT (empty user_id or order_id), NOT_FOUND (no such
   * order for this user), FAILED_PRECONDITION (the order is PENDING, checkout
   * still running: retry once it is terminal; or FAILED: nothing to cancel).
   */
  CancelOrder(argument: _shop_order_v1_CancelOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_CancelOrderResponse__Output>): grpc.ClientUnaryCall;
  CancelOrder(argument: _shop_order_v1_CancelOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_order_v1_CancelOrderResponse__Output>): grpc.ClientUnaryCall;
  CancelOrder(argument: _shop_order_v1_CancelOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_CancelOrderResponse__Output>): grpc.ClientUnaryCall;
  CancelOrder(argument: _shop_order_v1_CancelOrderRequest, callback: grpc.requestCallback<_shop_order_v1_CancelOrderResponse__Output>): grpc.ClientUnaryCall;
  /**
   * CancelOrder cancels a CONFIRMED order: the payment is refunded, the
   * stock returned, and the order becomes CANCELLED. If the call is
   * interrupted the cancellation is persisted and completed by the recovery
   * worker.
   * 
   * Idempotency: by (user_id, order_id); cancelling a CANCELLED order
   * returns it unchanged.
   * 
   * Errors: INVALID_ARGUMENT (empty user_id or order_id), NOT_FOUND (no such
   * order for this user), FAILED_PRECONDITION (the order is PENDING, checkout
   * still running: retry once it is terminal; or FAILED: nothing to cancel).
   */
  cancelOrder(argument: _shop_order_v1_CancelOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_CancelOrderResponse__Output>): grpc.ClientUnaryCall;
  cancelOrder(argument: _shop_order_v1_CancelOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_order_v1_CancelOrderResponse__Output>): grpc.ClientUnaryCall;
  cancelOrder(argument: _shop_order_v1_CancelOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_CancelOrderResponse__Output>): grpc.ClientUnaryCall;
  cancelOrder(argument: _shop_order_v1_CancelOrderRequest, callback: grpc.requestCallback<_shop_order_v1_CancelOrderResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * GetOrder returns one of the user's orders. Read-only.
   * 
   * Errors: INVALID_ARGUMENT (empty user_id or order_id), NOT_FOUND (no such
   * order for this user).
   */
  GetOrder(argument: _shop_order_v1_GetOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  GetOrder(argument: _shop_order_v1_GetOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_order_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  GetOrder(argument: _shop_order_v1_GetOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  GetOrder(argument: _shop_order_v1_GetOrderRequest, callback: grpc.requestCallback<_shop_order_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  /**
   * GetOrder returns one of the user's orders. Read-only.
   * 
   * Errors: INVALID_ARGUMENT (empty user_id or order_id), NOT_FOUND (no such
   * order for this user).
   */
  getOrder(argument: _shop_order_v1_GetOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  getOrder(argument: _shop_order_v1_GetOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_order_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  getOrder(argument: _shop_order_v1_GetOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  getOrder(argument: _shop_order_v1_GetOrderRequest, callback: grpc.requestCallback<_shop_order_v1_GetOrderResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * ListOrders pages through the user's orders, newest first. Read-only.
   * 
   * Errors: INVALID_ARGUMENT (empty user_id, negative page_size, page_token
   * not produced by this RPC for the same user).
   */
  ListOrders(argument: _shop_order_v1_ListOrdersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_ListOrdersResponse__Output>): grpc.ClientUnaryCall;
  ListOrders(argument: _shop_order_v1_ListOrdersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_order_v1_ListOrdersResponse__Output>): grpc.ClientUnaryCall;
  ListOrders(argument: _shop_order_v1_ListOrdersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_ListOrdersResponse__Output>): grpc.ClientUnaryCall;
  ListOrders(argument: _shop_order_v1_ListOrdersRequest, callback: grpc.requestCallback<_shop_order_v1_ListOrdersResponse__Output>): grpc.ClientUnaryCall;
  /**
   * ListOrders pages through the user's orders, newest first. Read-only.
   * 
   * Errors: INVALID_ARGUMENT (empty user_id, negative page_size, page_token
   * not produced by this RPC for the same user).
   */
  listOrders(argument: _shop_order_v1_ListOrdersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_ListOrdersResponse__Output>): grpc.ClientUnaryCall;
  listOrders(argument: _shop_order_v1_ListOrdersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_order_v1_ListOrdersResponse__Output>): grpc.ClientUnaryCall;
  listOrders(argument: _shop_order_v1_ListOrdersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_ListOrdersResponse__Output>): grpc.ClientUnaryCall;
  listOrders(argument: _shop_order_v1_ListOrdersRequest, callback: grpc.requestCallback<_shop_order_v1_ListOrdersResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * PlaceOrder creates an order from the user's cart (items priced from the
   * catalog at this moment) and runs the checkout saga. It answers with the
   * order once it is terminal (CONFIRMED or FAILED, with failure_reason), or
   * still PENDING if the call's deadline comes first; a PENDING order always
   * reaches a terminal state, and GetOrder tells which. On CONFIRMED the cart
   * is cleared. Running out of stock or a declined card is a FAILED order,
   * not an error.
   * 
   * Idempotency: by (user_id, idempotency_key). A repeat returns the order
   * the first call created, in its current state, whatever the cart holds
   * now; the same key never creates two orders or two charges.
   * 
   * Errors: INVALID_ARGUMENT (empty user_id, idempotency_key empty or longer
   * than 128 characters, malformed card), FAILED_PRECONDITION (the cart is
   * empty or holds a product that is no longer sold; no order is created).
   */
  PlaceOrder(argument: _shop_order_v1_PlaceOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_PlaceOrderResponse__Output>): grpc.ClientUnaryCall;
  PlaceOrder(argument: _shop_order_v1_PlaceOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_order_v1_PlaceOrderResponse__Output>): grpc.ClientUnaryCall;
  PlaceOrder(argument: _shop_order_v1_PlaceOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_PlaceOrderResponse__Output>): grpc.ClientUnaryCall;
  PlaceOrder(argument: _shop_order_v1_PlaceOrderRequest, callback: grpc.requestCallback<_shop_order_v1_PlaceOrderResponse__Output>): grpc.ClientUnaryCall;
  /**
   * PlaceOrder creates an order from the user's cart (items priced from the
   * catalog at this moment) and runs the checkout saga. It answers with the
   * order once it is terminal (CONFIRMED or FAILED, with failure_reason), or
   * still PENDING if the call's deadline comes first; a PENDING order always
   * reaches a terminal state, and GetOrder tells which. On CONFIRMED the cart
   * is cleared. Running out of stock or a declined card is a FAILED order,
   * not an error.
   * 
   * Idempotency: by (user_id, idempotency_key). A repeat returns the order
   * the first call created, in its current state, whatever the cart holds
   * now; the same key never creates two orders or two charges.
   * 
   * Errors: INVALID_ARGUMENT (empty user_id, idempotency_key empty or longer
   * than 128 characters, malformed card), FAILED_PRECONDITION (the cart is
   * empty or holds a product that is no longer sold; no order is created).
   */
  placeOrder(argument: _shop_order_v1_PlaceOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_PlaceOrderResponse__Output>): grpc.ClientUnaryCall;
  placeOrder(argument: _shop_order_v1_PlaceOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_order_v1_PlaceOrderResponse__Output>): grpc.ClientUnaryCall;
  placeOrder(argument: _shop_order_v1_PlaceOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_order_v1_PlaceOrderResponse__Output>): grpc.ClientUnaryCall;
  placeOrder(argument: _shop_order_v1_PlaceOrderRequest, callback: grpc.requestCallback<_shop_order_v1_PlaceOrderResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * OrderService turns a user's cart into an order and runs the checkout saga,
 * persisted step by step: order PENDING -> stock reserved -> payment charged
 * -> reservation committed -> CONFIRMED. A failed step compensates (stock
 * released, payment refunded) and the order ends FAILED. A step whose
 * outcome is unknown (deadline, crash) is resolved by a recovery worker that
 * re-drives the saga with the same idempotent calls until the order is
 * terminal.
 * 
 * Every RPC is scoped to user_id (taken by the gateway from the verified
 * access token): an order of another user is reported as NOT_FOUND.
 */
export interface OrderServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * CancelOrder cancels a CONFIRMED order: the payment is refunded, the
   * stock returned, and the order becomes CANCELLED. If the call is
   * interrupted the cancellation is persisted and completed by the recovery
   * worker.
   * 
   * Idempotency: by (user_id, order_id); cancelling a CANCELLED order
   * returns it unchanged.
   * 
   * Errors: INVALID_ARGUMENT (empty user_id or order_id), NOT_FOUND (no such
   * order for this user), FAILED_PRECONDITION (the order is PENDING, checkout
   * still running: retry once it is terminal; or FAILED: nothing to cancel).
   */
  CancelOrder: grpc.handleUnaryCall<_shop_order_v1_CancelOrderRequest__Output, _shop_order_v1_CancelOrderResponse>;
  
  /**
   * GetOrder returns one of the user's orders. Read-only.
   * 
   * Errors: INVALID_ARGUMENT (empty user_id or order_id), NOT_FOUND (no such
   * order for this user).
   */
  GetOrder: grpc.handleUnaryCall<_shop_order_v1_GetOrderRequest__Output, _shop_order_v1_GetOrderResponse>;
  
  /**
   * ListOrders pages through the user's orders, newest first. Read-only.
   * 
   * Errors: INVALID_ARGUMENT (empty user_id, negative page_size, page_token
   * not produced by this RPC for the same user).
   */
  ListOrders: grpc.handleUnaryCall<_shop_order_v1_ListOrdersRequest__Output, _shop_order_v1_ListOrdersResponse>;
  
  /**
   * PlaceOrder creates an order from the user's cart (items priced from the
   * catalog at this moment) and runs the checkout saga. It answers with the
   * order once it is terminal (CONFIRMED or FAILED, with failure_reason), or
   * still PENDING if the call's deadline comes first; a PENDING order always
   * reaches a terminal state, and GetOrder tells which. On CONFIRMED the cart
   * is cleared. Running out of stock or a declined card is a FAILED order,
   * not an error.
   * 
   * Idempotency: by (user_id, idempotency_key). A repeat returns the order
   * the first call created, in its current state, whatever the cart holds
   * now; the same key never creates two orders or two charges.
   * 
   * Errors: INVALID_ARGUMENT (empty user_id, idempotency_key empty or longer
   * than 128 characters, malformed card), FAILED_PRECONDITION (the cart is
   * empty or holds a product that is no longer sold; no order is created).
   */
  PlaceOrder: grpc.handleUnaryCall<_shop_order_v1_PlaceOrderRequest__Output, _shop_order_v1_PlaceOrderResponse>;
  
}

export interface OrderServiceDefinition extends grpc.ServiceDefinition {
  CancelOrder: MethodDefinition<_shop_order_v1_CancelOrderRequest, _shop_order_v1_CancelOrderResponse, _shop_order_v1_CancelOrderRequest__Output, _shop_order_v1_CancelOrderResponse__Output>
  GetOrder: MethodDefinition<_shop_order_v1_GetOrderRequest, _shop_order_v1_GetOrderResponse, _shop_order_v1_GetOrderRequest__Output, _shop_order_v1_GetOrderResponse__Output>
  ListOrders: MethodDefinition<_shop_order_v1_ListOrdersRequest, _shop_order_v1_ListOrdersResponse, _shop_order_v1_ListOrdersRequest__Output, _shop_order_v1_ListOrdersResponse__Output>
  PlaceOrder: MethodDefinition<_shop_order_v1_PlaceOrderRequest, _shop_order_v1_PlaceOrderResponse, _shop_order_v1_PlaceOrderRequest__Output, _shop_order_v1_PlaceOrderResponse__Output>
}
