import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { Money as _shop_common_v1_Money, Money__Output as _shop_common_v1_Money__Output } from './shop/common/v1/Money';
import type { CancelOrderRequest as _shop_order_v1_CancelOrderRequest, CancelOrderRequest__Output as _shop_order_v1_CancelOrderRequest__Output } from './shop/order/v1/CancelOrderRequest';
import type { CancelOrderResponse as _shop_order_v1_CancelOrderResponse, CancelOrderResponse__Output as _shop_order_v1_CancelOrderResponse__Output } from './shop/order/v1/CancelOrderResponse';
import type { GetOrderRequest as _shop_order_v1_GetOrderRequest, GetOrderRequest__Output as _shop_order_v1_GetOrderRequest__Output } from './shop/order/v1/GetOrderRequest';
import type { GetOrderResponse as _shop_order_v1_GetOrderResponse, GetOrderResponse__Output as _shop_order_v1_GetOrderResponse__Output } from './shop/order/v1/GetOrderResponse';
import type { ListOrdersRequest as _shop_order_v1_ListOrdersRequest, ListOrdersRequest__Output as _shop_order_v1_ListOrdersRequest__Output } from './shop/order/v1/ListOrdersRequest';
import type { ListOrdersResponse as _shop_order_v1_ListOrdersResponse, ListOrdersResponse__Output as _shop_order_v1_ListOrdersResponse__Output } from './shop/order/v1/ListOrdersResponse';
import type { Order as _shop_order_v1_Order, Order__Output as _shop_order_v1_Order__Output } from './shop/order/v1/Order';
import type { OrderItem as _shop_order_v1_OrderItem, OrderItem__Output as _shop_order_v1_OrderItem__Output } from './shop/order/v1/OrderItem';
import type { OrderServiceClient as _shop_order_v1_OrderServiceClient, OrderServiceDefinition as _shop_order_v1_OrderServiceDefinition } from './shop/order/v1/OrderService';
import type { PlaceOrderRequest as _shop_order_v1_PlaceOrderRequest, PlaceOrderRequest__Output as _shop_order_v1_PlaceOrderRequest__Output } from './shop/order/v1/PlaceOrderRequest';
import type { PlaceOrderResponse as _shop_order_v1_PlaceOrderResponse, PlaceOrderResponse__Output as _shop_order_v1_PlaceOrderResponse__Output } from './shop/order/v1/PlaceOrderResponse';
import type { Card as _shop_payment_v1_Card, Card__Output as _shop_payment_v1_Card__Output } from './shop/payment/v1/Card';

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
    order: {
      v1: {
        CancelOrderRequest: MessageTypeDefinition<_shop_order_v1_CancelOrderRequest, _shop_order_v1_CancelOrderRequest__Output>
        CancelOrderResponse: MessageTypeDefinition<_shop_order_v1_CancelOrderResponse, _shop_order_v1_CancelOrderResponse__Output>
        GetOrderRequest: MessageTypeDefinition<_shop_order_v1_GetOrderRequest, _shop_order_v1_GetOrderRequest__Output>
        GetOrderResponse: MessageTypeDefinition<_shop_order_v1_GetOrderResponse, _shop_order_v1_GetOrderResponse__Output>
        ListOrdersRequest: MessageTypeDefinition<_shop_order_v1_ListOrdersRequest, _shop_order_v1_ListOrdersRequest__Output>
        ListOrdersResponse: MessageTypeDefinition<_shop_order_v1_ListOrdersResponse, _shop_order_v1_ListOrdersResponse__Output>
        Order: MessageTypeDefinition<_shop_order_v1_Order, _shop_order_v1_Order__Output>
        OrderItem: MessageTypeDefinition<_shop_order_v1_OrderItem, _shop_order_v1_OrderItem__Output>
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
        OrderService: SubtypeConstructor<typeof grpc.Client, _shop_order_v1_OrderServiceClient> & { service: _shop_order_v1_OrderServiceDefinition }
        OrderState: EnumTypeDefinition
        PlaceOrderRequest: MessageTypeDefinition<_shop_order_v1_PlaceOrderRequest, _shop_order_v1_PlaceOrderRequest__Output>
        PlaceOrderResponse: MessageTypeDefinition<_shop_order_v1_PlaceOrderResponse, _shop_order_v1_PlaceOrderResponse__Output>
      }
    }
    payment: {
      v1: {
        Card: MessageTypeDefinition<_shop_payment_v1_Card, _shop_payment_v1_Card__Output>
      }
    }
  }
}

