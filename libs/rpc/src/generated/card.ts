import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Card as _shop_payment_v1_Card, Card__Output as _shop_payment_v1_Card__Output } from './shop/payment/v1/Card';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  shop: {
    payment: {
      v1: {
        Card: MessageTypeDefinition<_shop_payment_v1_Card, _shop_payment_v1_Card__Output>
      }
    }
  }
}

