import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { Money as _shop_common_v1_Money, Money__Output as _shop_common_v1_Money__Output } from './shop/common/v1/Money';
import type { Card as _shop_payment_v1_Card, Card__Output as _shop_payment_v1_Card__Output } from './shop/payment/v1/Card';
import type { ChargeRequest as _shop_payment_v1_ChargeRequest, ChargeRequest__Output as _shop_payment_v1_ChargeRequest__Output } from './shop/payment/v1/ChargeRequest';
import type { ChargeResponse as _shop_payment_v1_ChargeResponse, ChargeResponse__Output as _shop_payment_v1_ChargeResponse__Output } from './shop/payment/v1/ChargeResponse';
import type { GetPaymentRequest as _shop_payment_v1_GetPaymentRequest, GetPaymentRequest__Output as _shop_payment_v1_GetPaymentRequest__Output } from './shop/payment/v1/GetPaymentRequest';
import type { GetPaymentResponse as _shop_payment_v1_GetPaymentResponse, GetPaymentResponse__Output as _shop_payment_v1_GetPaymentResponse__Output } from './shop/payment/v1/GetPaymentResponse';
import type { Payment as _shop_payment_v1_Payment, Payment__Output as _shop_payment_v1_Payment__Output } from './shop/payment/v1/Payment';
import type { PaymentServiceClient as _shop_payment_v1_PaymentServiceClient, PaymentServiceDefinition as _shop_payment_v1_PaymentServiceDefinition } from './shop/payment/v1/PaymentService';
import type { RefundRequest as _shop_payment_v1_RefundRequest, RefundRequest__Output as _shop_payment_v1_RefundRequest__Output } from './shop/payment/v1/RefundRequest';
import type { RefundResponse as _shop_payment_v1_RefundResponse, RefundResponse__Output as _shop_payment_v1_RefundResponse__Output } from './shop/payment/v1/RefundResponse';

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
    payment: {
      v1: {
        Card: MessageTypeDefinition<_shop_payment_v1_Card, _shop_payment_v1_Card__Output>
        ChargeRequest: MessageTypeDefinition<_shop_payment_v1_ChargeRequest, _shop_payment_v1_ChargeRequest__Output>
        ChargeResponse: MessageTypeDefinition<_shop_payment_v1_ChargeResponse, _shop_payment_v1_ChargeResponse__Output>
        GetPaymentRequest: MessageTypeDefinition<_shop_payment_v1_GetPaymentRequest, _shop_payment_v1_GetPaymentRequest__Output>
        GetPaymentResponse: MessageTypeDefinition<_shop_payment_v1_GetPaymentResponse, _shop_payment_v1_GetPaymentResponse__Output>
        Payment: MessageTypeDefinition<_shop_payment_v1_Payment, _shop_payment_v1_Payment__Output>
        /**
         * PaymentService charges and refunds cards against a (simulated) card
         * processor. There is at most one payment per order_id, and every mutating
         * RPC is idempotent by that order_id.
         * 
         * Fencing: once a refund or a void is recorded for an order_id (state
         * REFUNDED or VOIDED), any later Charge for that order_id fails and never
         * captures money. This is what makes a late-arriving Charge (one that timed
         * out at the caller but still reaches the processor) safe: the compensation
         * of a failed order calls Refund, which fences the charge whether it already
         * happened (REFUNDED) or not yet (VOIDED).
         */
        PaymentService: SubtypeConstructor<typeof grpc.Client, _shop_payment_v1_PaymentServiceClient> & { service: _shop_payment_v1_PaymentServiceDefinition }
        PaymentState: EnumTypeDefinition
        RefundRequest: MessageTypeDefinition<_shop_payment_v1_RefundRequest, _shop_payment_v1_RefundRequest__Output>
        RefundResponse: MessageTypeDefinition<_shop_payment_v1_RefundResponse, _shop_payment_v1_RefundResponse__Output>
      }
    }
  }
}

