// Original file: proto/shop/inventory/v1/inventory_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { BatchGetProductsRequest as _shop_inventory_v1_BatchGetProductsRequest, BatchGetProductsRequest__Output as _shop_inventory_v1_BatchGetProductsRequest__Output } from '../../../shop/inventory/v1/BatchGetProductsRequest';
import type { BatchGetProductsResponse as _shop_inventory_v1_BatchGetProductsResponse, BatchGetProductsResponse__Output as _shop_inventory_v1_BatchGetProductsResponse__Output } from '../../../shop/inventory/v1/BatchGetProductsResponse';
import type { CommitReservationRequest as _shop_inventory_v1_CommitReservationRequest, CommitReservationRequest__Output as _shop_inventory_v1_CommitReservationRequest__Output } from '../../../shop/inventory/v1/CommitReservationRequest';
import type { CommitReservationResponse as _shop_inventory_v1_CommitReservationResponse, CommitReservationResponse__Output as _shop_inventory_v1_CommitReservationResponse__Output } from '../../../shop/inventory/v1/CommitReservationResponse';
import type { GetProductRequest as _shop_inventory_v1_GetProductRequest, GetProductRequest__Output as _shop_inventory_v1_GetProductRequest__Output } from '../../../shop/inventory/v1/GetProductRequest';
import type { GetProductResponse as _shop_inventory_v1_GetProductResponse, GetProductResponse__Output as _shop_inventory_v1_GetProductResponse__Output } from '../../../shop/inventory/v1/GetProductResponse';
import type { GetReservationRequest as _shop_inventory_v1_GetReservationRequest, GetReservationRequest__Output as _shop_inventory_v1_GetReservationRequest__Output } from '../../../shop/inventory/v1/GetReservationRequest';
import type { GetReservationResponse as _shop_inventory_v1_GetReservationResponse, GetReservationResponse__Output as _shop_inventory_v1_GetReservationResponse__Output } from '../../../shop/inventory/v1/GetReservationResponse';
import type { ListProductsRequest as _shop_inventory_v1_ListProductsRequest, ListProductsRequest__Output as _shop_inventory_v1_ListProductsRequest__Output } from '../../../shop/inventory/v1/ListProductsRequest';
import type { ListProductsResponse as _shop_inventory_v1_ListProductsResponse, ListProductsResponse__Output as _shop_inventory_v1_ListProductsResponse__Output } from '../../../shop/inventory/v1/ListProductsResponse';
import type { ReleaseReservationRequest as _shop_inventory_v1_ReleaseReservationRequest, ReleaseReservationRequest__Output as _shop_inventory_v1_ReleaseReservationRequest__Output } from '../../../shop/inventory/v1/ReleaseReservationRequest';
import type { ReleaseReservationResponse as _shop_inventory_v1_ReleaseReservationResponse, ReleaseReservationResponse__Output as _shop_inventory_v1_ReleaseReservationResponse__Output } from '../../../shop/inventory/v1/ReleaseReservationResponse';
import type { ReserveStockRequest as _shop_inventory_v1_ReserveStockRequest, ReserveStockRequest__Output as _shop_inventory_v1_ReserveStockRequest__Output } from '../../../shop/inventory/v1/ReserveStockRequest';
import type { ReserveStockResponse as _shop_inventory_v1_ReserveStockResponse, ReserveStockResponse__Output as _shop_inventory_v1_ReserveStockResponse__Output } from '../../../shop/inventory/v1/ReserveStockResponse';
import type { SearchProductsRequest as _shop_inventory_v1_SearchProductsRequest, SearchProductsRequest__Output as _shop_inventory_v1_SearchProductsRequest__Output } from '../../../shop/inventory/v1/SearchProductsRequest';
import type { SearchProductsResponse as _shop_inventory_v1_SearchProductsResponse, SearchProductsResponse__Output as _shop_inventory_v1_SearchProductsResponse__Output } from '../../../shop/inventory/v1/SearchProductsResponse';

/**
 * InventoryService owns the catalog (products and prices), stock levels and
 * stock reservations.
 * 
 * Stock can never go negative and a unit can never be sold twice, under any
 * concurrency. A reservation is keyed by the order_id it is for: at most one
 * reservation exists per order_id, and every mutating RPC is idempotent by
 * that order_id. A HELD reservation that is neither committed nor released
 * before its expires_at becomes EXPIRED (a sweeper returns its stock).
 * 
 * Catalog reads (ListProducts, SearchProducts, GetProduct, BatchGetProducts) are
 * read-only and safe to retry.
 */
export interface InventoryServiceClient extends grpc.Client {
  /**
   * BatchGetProducts returns several products in one call (used to price
   * carts). Unknown skus are not an error: they are listed in
   * not_found_skus so that a cart holding a withdrawn product still prices.
   * 
   * Errors: INVALID_ARGUMENT (no skus, more than 100 skus, an empty sku).
   */
  BatchGetProducts(argument: _shop_inventory_v1_BatchGetProductsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_BatchGetProductsResponse__Output>): grpc.ClientUnaryCall;
  BatchGetProducts(argument: _shop_inventory_v1_BatchGetProductsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_inventory_v1_BatchGetProductsResponse__Output>): grpc.ClientUnaryCall;
  BatchGetProducts(argument: _shop_inventory_v1_BatchGetProductsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_BatchGetProductsResponse__Output>): grpc.ClientUnaryCall;
  BatchGetProducts(argument: _shop_inventory_v1_BatchGetProductsRequest, callback: grpc.requestCallback<_shop_inventory_v1_BatchGetProductsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * BatchGetProducts returns several products in one call (used to price
   * carts). Unknown skus are not an error: they are listed in
   * not_found_skus so that a cart holding a withdrawn product still prices.
   * 
   * Errors: INVALID_ARGUMENT (no skus, more than 100 skus, an empty sku).
   */
  batchGetProducts(argument: _shop_inventory_v1_BatchGetProductsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_BatchGetProductsResponse__Output>): grpc.ClientUnaryCall;
  batchGetProducts(argument: _shop_inventory_v1_BatchGetProductsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_inventory_v1_BatchGetProductsResponse__Output>): grpc.ClientUnaryCall;
  batchGetProducts(argument: _shop_inventory_v1_BatchGetProductsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_BatchGetProductsResponse__Output>): grpc.ClientUnaryCall;
  batchGetProducts(argument: _shop_inventory_v1_BatchGetProductsRequest, callback: grpc.requestCallback<_shop_inventory_v1_BatchGetProductsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * CommitReservation turns a HELD reservation into a sale: the stock is
   * gone for good and the reservation no longer expires.
   * 
   * Idempotency: by order_id; committing a COMMITTED reservation returns it
   * unchanged.
   * 
   * Errors: INVALID_ARGUMENT (empty order_id), NOT_FOUND (no reservation for
   * order_id), FAILED_PRECONDITION (the reservation is RELEASED or EXPIRED,
   * including a HELD one past its expires_at).
   */
  CommitReservation(argument: _shop_inventory_v1_CommitReservationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_CommitReservationResponse__Output>): grpc.ClientUnaryCall;
  CommitReservation(argument: _shop_inventory_v1_CommitReservationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_inventory_v1_CommitReservationResponse__Output>): grpc.ClientUnaryCall;
  CommitReservation(argument: _shop_inventory_v1_CommitReservationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_CommitReservationResponse__Output>): grpc.ClientUnaryCall;
  CommitReservation(argument: _shop_inventory_v1_CommitReservationRequest, callback: grpc.requestCallback<_shop_inventory_v1_CommitReservationResponse__Output>): grpc.ClientUnaryCall;
  /**
   * CommitReservation turns a HELD reservation into a sale: the stock is
   * gone for good and the reservation no longer expires.
   * 
   * Idempotency: by order_id; committing a COMMITTED reservation returns it
   * unchanged.
   * 
   * Errors: INVALID_ARGUMENT (empty order_id), NOT_FOUND (no reservation for
   * order_id), FAILED_PRECONDITION (the reservation is RELEASED or EXPIRED,
   * including a HELD one past its expires_at).
   */
  commitReservation(argument: _shop_inventory_v1_CommitReservationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_CommitReservationResponse__Output>): grpc.ClientUnaryCall;
  commitReservation(argument: _shop_inventory_v1_CommitReservationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_inventory_v1_CommitReservationResponse__Output>): grpc.ClientUnaryCall;
  commitReservation(argument: _shop_inventory_v1_CommitReservationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_CommitReservationResponse__Output>): grpc.ClientUnaryCall;
  commitReservation(argument: _shop_inventory_v1_CommitReservationRequest, callback: grpc.requestCallback<_shop_inventory_v1_CommitReservationResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * GetProduct returns one product.
   * 
   * Errors: INVALID_ARGUMENT (empty sku), NOT_FOUND.
   */
  GetProduct(argument: _shop_inventory_v1_GetProductRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_GetProductResponse__Output>): grpc.ClientUnaryCall;
  GetProduct(argument: _shop_inventory_v1_GetProductRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_inventory_v1_GetProductResponse__Output>): grpc.ClientUnaryCall;
  GetProduct(argument: _shop_inventory_v1_GetProductRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_GetProductResponse__Output>): grpc.ClientUnaryCall;
  GetProduct(argument: _shop_inventory_v1_GetProductRequest, callback: grpc.requestCallback<_shop_inventory_v1_GetProductResponse__Output>): grpc.ClientUnaryCall;
  /**
   * GetProduct returns one product.
   * 
   * Errors: INVALID_ARGUMENT (empty sku), NOT_FOUND.
   */
  getProduct(argument: _shop_inventory_v1_GetProductRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_GetProductResponse__Output>): grpc.ClientUnaryCall;
  getProduct(argument: _shop_inventory_v1_GetProductRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_inventory_v1_GetProductResponse__Output>): grpc.ClientUnaryCall;
  getProduct(argument: _shop_inventory_v1_GetProductRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_GetProductResponse__Output>): grpc.ClientUnaryCall;
  getProduct(argument: _shop_inventory_v1_GetProductRequest, callback: grpc.requestCallback<_shop_inventory_v1_GetProductResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * GetReservation returns the reservation for an order. Read-only.
   * 
   * Errors: INVALID_ARGUMENT (empty order_id), NOT_FOUND.
   */
  GetReservation(argument: _shop_inventory_v1_GetReservationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_GetReservationResponse__Output>): grpc.ClientUnaryCall;
  GetReservation(argument: _shop_inventory_v1_GetReservationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_inventory_v1_GetReservationResponse__Output>): grpc.ClientUnaryCall;
  GetReservation(argument: _shop_inventory_v1_GetReservationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_GetReservationResponse__Output>): grpc.ClientUnaryCall;
  GetReservation(argument: _shop_inventory_v1_GetReservationRequest, callback: grpc.requestCallback<_shop_inventory_v1_GetReservationResponse__Output>): grpc.ClientUnaryCall;
  /**
   * GetReservation returns the reservation for an order. Read-only.
   * 
   * Errors: INVALID_ARGUMENT (empty order_id), NOT_FOUND.
   */
  getReservation(argument: _shop_inventory_v1_GetReservationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_GetReservationResponse__Output>): grpc.ClientUnaryCall;
  getReservation(argument: _shop_inventory_v1_GetReservationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_inventory_v1_GetReservationResponse__Output>): grpc.ClientUnaryCall;
  getReservation(argument: _shop_inventory_v1_GetReservationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_GetReservationResponse__Output>): grpc.ClientUnaryCall;
  getReservation(argument: _shop_inventory_v1_GetReservationRequest, callback: grpc.requestCallback<_shop_inventory_v1_GetReservationResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * ListProducts pages through the catalog, optionally filtered by one tag,
   * in a stable order (by sku).
   * 
   * Errors: INVALID_ARGUMENT (negative page_size, page_token not produced
   * by this RPC for the same filter).
   */
  ListProducts(argument: _shop_inventory_v1_ListProductsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_ListProductsResponse__Output>): grpc.ClientUnaryCall;
  ListProducts(argument: _shop_inventory_v1_ListProductsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_inventory_v1_ListProductsResponse__Output>): grpc.ClientUnaryCall;
  ListProducts(argument: _shop_inventory_v1_ListProductsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_ListProductsResponse__Output>): grpc.ClientUnaryCall;
  ListProducts(argument: _shop_inventory_v1_ListProductsRequest, callback: grpc.requestCallback<_shop_inventory_v1_ListProductsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * ListProducts pages through the catalog, optionally filtered by one tag,
   * in a stable order (by sku).
   * 
   * Errors: INVALID_ARGUMENT (negative page_size, page_token not produced
   * by this RPC for the same filter).
   */
  listProducts(argument: _shop_inventory_v1_ListProductsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_ListProductsResponse__Output>): grpc.ClientUnaryCall;
  listProducts(argument: _shop_inventory_v1_ListProductsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_inventory_v1_ListProductsResponse__Output>): grpc.ClientUnaryCall;
  listProducts(argument: _shop_inventory_v1_ListProductsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_ListProductsResponse__Output>): grpc.ClientUnaryCall;
  listProducts(argument: _shop_inventory_v1_ListProductsRequest, callback: grpc.requestCallback<_shop_inventory_v1_ListProductsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * ReleaseReservation returns a reservation's stock: a HELD reservation
   * (compensation of a failed order) or a COMMITTED one (cancellation of a
   * confirmed order) becomes RELEASED.
   * 
   * Idempotency: by order_id; releasing a RELEASED or EXPIRED reservation
   * returns it unchanged and returns no stock twice.
   * 
   * Errors: INVALID_ARGUMENT (empty order_id), NOT_FOUND (no reservation for
   * order_id).
   */
  ReleaseReservation(argument: _shop_inventory_v1_ReleaseReservationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_ReleaseReservationResponse__Output>): grpc.ClientUnaryCall;
  ReleaseReservation(argument: _shop_inventory_v1_ReleaseReservationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_inventory_v1_ReleaseReservationResponse__Output>): grpc.ClientUnaryCall;
  ReleaseReservation(argument: _shop_inventory_v1_ReleaseReservationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_ReleaseReservationResponse__Output>): grpc.ClientUnaryCall;
  ReleaseReservation(argument: _shop_inventory_v1_ReleaseReservationRequest, callback: grpc.requestCallback<_shop_inventory_v1_ReleaseReservationResponse__Output>): grpc.ClientUnaryCall;
  /**
   * ReleaseReservation returns a reservation's stock: a HELD reservation
   * (compensation of a failed order) or a COMMITTED one (cancellation of a
   * confirmed order) becomes RELEASED.
   * 
   * Idempotency: by order_id; releasing a RELEASED or EXPIRED reservation
   * returns it unchanged and returns no stock twice.
   * 
   * Errors: INVALID_ARGUMENT (empty order_id), NOT_FOUND (no reservation for
   * order_id).
   */
  releaseReservation(argument: _shop_inventory_v1_ReleaseReservationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_ReleaseReservationResponse__Output>): grpc.ClientUnaryCall;
  releaseReservation(argument: _shop_inventory_v1_ReleaseReservationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_inventory_v1_ReleaseReservationResponse__Output>): grpc.ClientUnaryCall;
  releaseReservation(argument: _shop_inventory_v1_ReleaseReservationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_ReleaseReservationResponse__Output>): grpc.ClientUnaryCall;
  releaseReservation(argument: _shop_inventory_v1_ReleaseReservationRequest, callback: grpc.requestCallback<_shop_inventory_v1_ReleaseReservationResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * ReserveStock holds stock for every item of an order, all or nothing:
   * either every item is reserved or nothing is.
   * 
   * Idempotency: by order_id. A repeat with the same order_id and the same
   * items returns the existing reservation (HELD or COMMITTED) and never
   * reserves twice.
   * 
   * Errors: INVALID_ARGUMENT (empty order_id, no items, quantity < 1, a sku
   * listed twice), NOT_FOUND (an unknown sku), FAILED_PRECONDITION (not
   * enough stock for some item, nothing reserved; or the reservation for
   * order_id was already RELEASED or EXPIRED: a released reservation is never
   * held again), ALREADY_EXISTS (a reservation for order_id exists with
   * different items).
   */
  ReserveStock(argument: _shop_inventory_v1_ReserveStockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_ReserveStockResponse__Output>): grpc.ClientUnaryCall;
  ReserveStock(argument: _shop_inventory_v1_ReserveStockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_inventory_v1_ReserveStockResponse__Output>): grpc.ClientUnaryCall;
  ReserveStock(argument: _shop_inventory_v1_ReserveStockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_ReserveStockResponse__Output>): grpc.ClientUnaryCall;
  ReserveStock(argument: _shop_inventory_v1_ReserveStockRequest, callback: grpc.requestCallback<_shop_inventory_v1_ReserveStockResponse__Output>): grpc.ClientUnaryCall;
  /**
   * ReserveStock holds stock for every item of an order, all or nothing:
   * either every item is reserved or nothing is.
   * 
   * Idempotency: by order_id. A repeat with the same order_id and the same
   * items returns the existing reservation (HELD or COMMITTED) and never
   * reserves twice.
   * 
   * Errors: INVALID_ARGUMENT (empty order_id, no items, quantity < 1, a sku
   * listed twice), NOT_FOUND (an unknown sku), FAILED_PRECONDITION (not
   * enough stock for some item, nothing reserved; or the reservation for
   * order_id was already RELEASED or EXPIRED: a released reservation is never
   * held again), ALREADY_EXISTS (a reservation for order_id exists with
   * different items).
   */
  reserveStock(argument: _shop_inventory_v1_ReserveStockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_ReserveStockResponse__Output>): grpc.ClientUnaryCall;
  reserveStock(argument: _shop_inventory_v1_ReserveStockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_inventory_v1_ReserveStockResponse__Output>): grpc.ClientUnaryCall;
  reserveStock(argument: _shop_inventory_v1_ReserveStockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_ReserveStockResponse__Output>): grpc.ClientUnaryCall;
  reserveStock(argument: _shop_inventory_v1_ReserveStockRequest, callback: grpc.requestCallback<_shop_inventory_v1_ReserveStockResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * SearchProducts finds products whose name or description matches a
   * free-text query (Postgres full-text search, English stemming; words are
   * ANDed, "quoted phrases", OR and -excluded words are understood), most
   * relevant first (name matches weigh more than description matches; ties
   * by sku), optionally filtered by one tag.
   * 
   * Errors: INVALID_ARGUMENT (empty or too long query, negative page_size,
   * page_token not produced by this RPC for the same query and tag).
   */
  SearchProducts(argument: _shop_inventory_v1_SearchProductsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_SearchProductsResponse__Output>): grpc.ClientUnaryCall;
  SearchProducts(argument: _shop_inventory_v1_SearchProductsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_inventory_v1_SearchProductsResponse__Output>): grpc.ClientUnaryCall;
  SearchProducts(argument: _shop_inventory_v1_SearchProductsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_SearchProductsResponse__Output>): grpc.ClientUnaryCall;
  SearchProducts(argument: _shop_inventory_v1_SearchProductsRequest, callback: grpc.requestCallback<_shop_inventory_v1_SearchProductsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * SearchProducts finds products whose name or description matches a
   * free-text query (Postgres full-text search, English stemming; words are
   * ANDed, "quoted phrases", OR and -excluded words are understood), most
   * relevant first (name matches weigh more than description matches; ties
   * by sku), optionally filtered by one tag.
   * 
   * Errors: INVALID_ARGUMENT (empty or too long query, negative page_size,
   * page_token not produced by this RPC for the same query and tag).
   */
  searchProducts(argument: _shop_inventory_v1_SearchProductsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_SearchProductsResponse__Output>): grpc.ClientUnaryCall;
  searchProducts(argument: _shop_inventory_v1_SearchProductsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_inventory_v1_SearchProductsResponse__Output>): grpc.ClientUnaryCall;
  searchProducts(argument: _shop_inventory_v1_SearchProductsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_SearchProductsResponse__Output>): grpc.ClientUnaryCall;
  searchProducts(argument: _shop_inventory_v1_SearchProductsRequest, callback: grpc.requestCallback<_shop_inventory_v1_SearchProductsResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * InventoryService owns the catalog (products and prices), stock levels and
 * stock reservations.
 * 
 * Stock can never go negative and a unit can never be sold twice, under any
 * concurrency. A reservation is keyed by the order_id it is for: at most one
 * reservation exists per order_id, and every mutating RPC is idempotent by
 * that order_id. A HELD reservation that is neither committed nor released
 * before its expires_at becomes EXPIRED (a sweeper returns its stock).
 * 
 * Catalog reads (ListProducts, SearchProducts, GetProduct, BatchGetProducts) are
 * read-only and safe to retry.
 */
export interface InventoryServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * BatchGetProducts returns several products in one call (used to price
   * carts). Unknown skus are not an error: they are listed in
   * not_found_skus so that a cart holding a withdrawn product still prices.
   * 
   * Errors: INVALID_ARGUMENT (no skus, more than 100 skus, an empty sku).
   */
  BatchGetProducts: grpc.handleUnaryCall<_shop_inventory_v1_BatchGetProductsRequest__Output, _shop_inventory_v1_BatchGetProductsResponse>;
  
  /**
   * CommitReservation turns a HELD reservation into a sale: the stock is
   * gone for good and the reservation no longer expires.
   * 
   * Idempotency: by order_id; committing a COMMITTED reservation returns it
   * unchanged.
   * 
   * Errors: INVALID_ARGUMENT (empty order_id), NOT_FOUND (no reservation for
   * order_id), FAILED_PRECONDITION (the reservation is RELEASED or EXPIRED,
   * including a HELD one past its expires_at).
   */
  CommitReservation: grpc.handleUnaryCall<_shop_inventory_v1_CommitReservationRequest__Output, _shop_inventory_v1_CommitReservationResponse>;
  
  /**
   * GetProduct returns one product.
   * 
   * Errors: INVALID_ARGUMENT (empty sku), NOT_FOUND.
   */
  GetProduct: grpc.handleUnaryCall<_shop_inventory_v1_GetProductRequest__Output, _shop_inventory_v1_GetProductResponse>;
  
  /**
   * GetReservation returns the reservation for an order. Read-only.
   * 
   * Errors: INVALID_ARGUMENT (empty order_id), NOT_FOUND.
   */
  GetReservation: grpc.handleUnaryCall<_shop_inventory_v1_GetReservationRequest__Output, _shop_inventory_v1_GetReservationResponse>;
  
  /**
   * ListProducts pages through the catalog, optionally filtered by one tag,
   * in a stable order (by sku).
   * 
   * Errors: INVALID_ARGUMENT (negative page_size, page_token not produced
   * by this RPC for the same filter).
   */
  ListProducts: grpc.handleUnaryCall<_shop_inventory_v1_ListProductsRequest__Output, _shop_inventory_v1_ListProductsResponse>;
  
  /**
   * ReleaseReservation returns a reservation's stock: a HELD reservation
   * (compensation of a failed order) or a COMMITTED one (cancellation of a
   * confirmed order) becomes RELEASED.
   * 
   * Idempotency: by order_id; releasing a RELEASED or EXPIRED reservation
   * returns it unchanged and returns no stock twice.
   * 
   * Errors: INVALID_ARGUMENT (empty order_id), NOT_FOUND (no reservation for
   * order_id).
   */
  ReleaseReservation: grpc.handleUnaryCall<_shop_inventory_v1_ReleaseReservationRequest__Output, _shop_inventory_v1_ReleaseReservationResponse>;
  
  /**
   * ReserveStock holds stock for every item of an order, all or nothing:
   * either every item is reserved or nothing is.
   * 
   * Idempotency: by order_id. A repeat with the same order_id and the same
   * items returns the existing reservation (HELD or COMMITTED) and never
   * reserves twice.
   * 
   * Errors: INVALID_ARGUMENT (empty order_id, no items, quantity < 1, a sku
   * listed twice), NOT_FOUND (an unknown sku), FAILED_PRECONDITION (not
   * enough stock for some item, nothing reserved; or the reservation for
   * order_id was already RELEASED or EXPIRED: a released reservation is never
   * held again), ALREADY_EXISTS (a reservation for order_id exists with
   * different items).
   */
  ReserveStock: grpc.handleUnaryCall<_shop_inventory_v1_ReserveStockRequest__Output, _shop_inventory_v1_ReserveStockResponse>;
  
  /**
   * SearchProducts finds products whose name or description matches a
   * free-text query (Postgres full-text search, English stemming; words are
   * ANDed, "quoted phrases", OR and -excluded words are understood), most
   * relevant first (name matches weigh more than description matches; ties
   * by sku), optionally filtered by one tag.
   * 
   * Errors: INVALID_ARGUMENT (empty or too long query, negative page_size,
   * page_token not produced by this RPC for the same query and tag).
   */
  SearchProducts: grpc.handleUnaryCall<_shop_inventory_v1_SearchProductsRequest__Output, _shop_inventory_v1_SearchProductsResponse>;
  
}

export interface InventoryServiceDefinition extends grpc.ServiceDefinition {
  BatchGetProducts: MethodDefinition<_shop_inventory_v1_BatchGetProductsRequest, _shop_inventory_v1_BatchGetProductsResponse, _shop_inventory_v1_BatchGetProductsRequest__Output, _shop_inventory_v1_BatchGetProductsResponse__Output>
  CommitReservation: MethodDefinition<_shop_inventory_v1_CommitReservationRequest, _shop_inventory_v1_CommitReservationResponse, _shop_inventory_v1_CommitReservationRequest__Output, _shop_inventory_v1_CommitReservationResponse__Output>
  GetProduct: MethodDefinition<_shop_inventory_v1_GetProductRequest, _shop_inventory_v1_GetProductResponse, _shop_inventory_v1_GetProductRequest__Output, _shop_inventory_v1_GetProductResponse__Output>
  GetReservation: MethodDefinition<_shop_inventory_v1_GetReservationRequest, _shop_inventory_v1_GetReservationResponse, _shop_inventory_v1_GetReservationRequest__Output, _shop_inventory_v1_GetReservationResponse__Output>
  ListProducts: MethodDefinition<_shop_inventory_v1_ListProductsRequest, _shop_inventory_v1_ListProductsResponse, _shop_inventory_v1_ListProductsRequest__Output, _shop_inventory_v1_ListProductsResponse__Output>
  ReleaseReservation: MethodDefinition<_shop_inventory_v1_ReleaseReservationRequest, _shop_inventory_v1_ReleaseReservationResponse, _shop_inventory_v1_ReleaseReservationRequest__Output, _shop_inventory_v1_ReleaseReservationResponse__Output>
  ReserveStock: MethodDefinition<_shop_inventory_v1_ReserveStockRequest, _shop_inventory_v1_ReserveStockResponse, _shop_inventory_v1_ReserveStockRequest__Output, _shop_inventory_v1_ReserveStockResponse__Output>
  SearchProducts: MethodDefinition<_shop_inventory_v1_SearchProductsRequest, _shop_inventory_v1_SearchProductsResponse, _shop_inventory_v1_SearchProductsRequest__Output, _shop_inventory_v1_SearchProductsResponse__Output>
}
