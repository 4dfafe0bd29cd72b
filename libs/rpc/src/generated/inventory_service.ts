import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { Money as _shop_common_v1_Money, Money__Output as _shop_common_v1_Money__Output } from './shop/common/v1/Money';
import type { BatchGetProductsRequest as _shop_inventory_v1_BatchGetProductsRequest, BatchGetProductsRequest__Output as _shop_inventory_v1_BatchGetProductsRequest__Output } from './shop/inventory/v1/BatchGetProductsRequest';
import type { BatchGetProductsResponse as _shop_inventory_v1_BatchGetProductsResponse, BatchGetProductsResponse__Output as _shop_inventory_v1_BatchGetProductsResponse__Output } from './shop/inventory/v1/BatchGetProductsResponse';
import type { CommitReservationRequest as _shop_inventory_v1_CommitReservationRequest, CommitReservationRequest__Output as _shop_inventory_v1_CommitReservationRequest__Output } from './shop/inventory/v1/CommitReservationRequest';
import type { CommitReservationResponse as _shop_inventory_v1_CommitReservationResponse, CommitReservationResponse__Output as _shop_inventory_v1_CommitReservationResponse__Output } from './shop/inventory/v1/CommitReservationResponse';
import type { GetProductRequest as _shop_inventory_v1_GetProductRequest, GetProductRequest__Output as _shop_inventory_v1_GetProductRequest__Output } from './shop/inventory/v1/GetProductRequest';
import type { GetProductResponse as _shop_inventory_v1_GetProductResponse, GetProductResponse__Output as _shop_inventory_v1_GetProductResponse__Output } from './shop/inventory/v1/GetProductResponse';
import type { GetReservationRequest as _shop_inventory_v1_GetReservationRequest, GetReservationRequest__Output as _shop_inventory_v1_GetReservationRequest__Output } from './shop/inventory/v1/GetReservationRequest';
import type { GetReservationResponse as _shop_inventory_v1_GetReservationResponse, GetReservationResponse__Output as _shop_inventory_v1_GetReservationResponse__Output } from './shop/inventory/v1/GetReservationResponse';
import type { InventoryServiceClient as _shop_inventory_v1_InventoryServiceClient, InventoryServiceDefinition as _shop_inventory_v1_InventoryServiceDefinition } from './shop/inventory/v1/InventoryService';
import type { ListProductsRequest as _shop_inventory_v1_ListProductsRequest, ListProductsRequest__Output as _shop_inventory_v1_ListProductsRequest__Output } from './shop/inventory/v1/ListProductsRequest';
import type { ListProductsResponse as _shop_inventory_v1_ListProductsResponse, ListProductsResponse__Output as _shop_inventory_v1_ListProductsResponse__Output } from './shop/inventory/v1/ListProductsResponse';
import type { Product as _shop_inventory_v1_Product, Product__Output as _shop_inventory_v1_Product__Output } from './shop/inventory/v1/Product';
import type { ReleaseReservationRequest as _shop_inventory_v1_ReleaseReservationRequest, ReleaseReservationRequest__Output as _shop_inventory_v1_ReleaseReservationRequest__Output } from './shop/inventory/v1/ReleaseReservationRequest';
import type { ReleaseReservationResponse as _shop_inventory_v1_ReleaseReservationResponse, ReleaseReservationResponse__Output as _shop_inventory_v1_ReleaseReservationResponse__Output } from './shop/inventory/v1/ReleaseReservationResponse';
import type { Reservation as _shop_inventory_v1_Reservation, Reservation__Output as _shop_inventory_v1_Reservation__Output } from './shop/inventory/v1/Reservation';
import type { ReservationItem as _shop_inventory_v1_ReservationItem, ReservationItem__Output as _shop_inventory_v1_ReservationItem__Output } from './shop/inventory/v1/ReservationItem';
import type { ReserveStockRequest as _shop_inventory_v1_ReserveStockRequest, ReserveStockRequest__Output as _shop_inventory_v1_ReserveStockRequest__Output } from './shop/inventory/v1/ReserveStockRequest';
import type { ReserveStockResponse as _shop_inventory_v1_ReserveStockResponse, ReserveStockResponse__Output as _shop_inventory_v1_ReserveStockResponse__Output } from './shop/inventory/v1/ReserveStockResponse';
import type { SearchProductsRequest as _shop_inventory_v1_SearchProductsRequest, SearchProductsRequest__Output as _shop_inventory_v1_SearchProductsRequest__Output } from './shop/inventory/v1/SearchProductsRequest';
import type { SearchProductsResponse as _shop_inventory_v1_SearchProductsResponse, SearchProductsResponse__Output as _shop_inventory_v1_SearchProductsResponse__Output } from './shop/inventory/v1/SearchProductsResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
  shop: {
    common: {
      v1: {
        Money: MessageTypeDefinition<_shop_common_v1_Money, _shop_common_v1_Money__Output>
      }
    }
    inventory: {
      v1: {
        BatchGetProductsRequest: MessageTypeDefinition<_shop_inventory_v1_BatchGetProductsRequest, _shop_inventory_v1_BatchGetProductsRequest__Output>
        BatchGetProductsResponse: MessageTypeDefinition<_shop_inventory_v1_BatchGetProductsResponse, _shop_inventory_v1_BatchGetProductsResponse__Output>
        CommitReservationRequest: MessageTypeDefinition<_shop_inventory_v1_CommitReservationRequest, _shop_inventory_v1_CommitReservationRequest__Output>
        CommitReservationResponse: MessageTypeDefinition<_shop_inventory_v1_CommitReservationResponse, _shop_inventory_v1_CommitReservationResponse__Output>
        GetProductRequest: MessageTypeDefinition<_shop_inventory_v1_GetProductRequest, _shop_inventory_v1_GetProductRequest__Output>
        GetProductResponse: MessageTypeDefinition<_shop_inventory_v1_GetProductResponse, _shop_inventory_v1_GetProductResponse__Output>
        GetReservationRequest: MessageTypeDefinition<_shop_inventory_v1_GetReservationRequest, _shop_inventory_v1_GetReservationRequest__Output>
        GetReservationResponse: MessageTypeDefinition<_shop_inventory_v1_GetReservationResponse, _shop_inventory_v1_GetReservationResponse__Output>
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
        InventoryService: SubtypeConstructor<typeof grpc.Client, _shop_inventory_v1_InventoryServiceClient> & { service: _shop_inventory_v1_InventoryServiceDefinition }
        ListProductsRequest: MessageTypeDefinition<_shop_inventory_v1_ListProductsRequest, _shop_inventory_v1_ListProductsRequest__Output>
        ListProductsResponse: MessageTypeDefinition<_shop_inventory_v1_ListProductsResponse, _shop_inventory_v1_ListProductsResponse__Output>
        Product: MessageTypeDefinition<_shop_inventory_v1_Product, _shop_inventory_v1_Product__Output>
        ReleaseReservationRequest: MessageTypeDefinition<_shop_inventory_v1_ReleaseReservationRequest, _shop_inventory_v1_ReleaseReservationRequest__Output>
        ReleaseReservationResponse: MessageTypeDefinition<_shop_inventory_v1_ReleaseReservationResponse, _shop_inventory_v1_ReleaseReservationResponse__Output>
        Reservation: MessageTypeDefinition<_shop_inventory_v1_Reservation, _shop_inventory_v1_Reservation__Output>
        ReservationItem: MessageTypeDefinition<_shop_inventory_v1_ReservationItem, _shop_inventory_v1_ReservationItem__Output>
        ReservationState: EnumTypeDefinition
        ReserveStockRequest: MessageTypeDefinition<_shop_inventory_v1_ReserveStockRequest, _shop_inventory_v1_ReserveStockRequest__Output>
        ReserveStockResponse: MessageTypeDefinition<_shop_inventory_v1_ReserveStockResponse, _shop_inventory_v1_ReserveStockResponse__Output>
        SearchProductsRequest: MessageTypeDefinition<_shop_inventory_v1_SearchProductsRequest, _shop_inventory_v1_SearchProductsRequest__Output>
        SearchProductsResponse: MessageTypeDefinition<_shop_inventory_v1_SearchProductsResponse, _shop_inventory_v1_SearchProductsResponse__Output>
      }
    }
  }
}

