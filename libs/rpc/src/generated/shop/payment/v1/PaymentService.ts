// Original file: proto/shop/payment/v1/payment_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ChargeRequest as _shop_payment_v1_ChargeRequest, ChargeRequest__Output as _shop_payment_v1_ChargeRequest__Output } from '../../../shop/payment/v1/ChargeRequest';
import type { ChargeResponse as _shop_payment_v1_ChargeResponse, ChargeResponse__Output as _shop_payment_v1_ChargeResponse__Output } from '../../../shop/payment/v1/ChargeResponse';
import type { GetPaymentRequest as _shop_payment_v1_GetPaymentRequest, GetPaymentRequest__Output as _shop_payment_v1_GetPaymentRequest__Output } from '../../../shop/payment/v1/GetPaymentRequest';
import type { GetPaymentResponse as _shop_payment_v1_GetPaymentResponse, GetPaymentResponse__Output as _shop_payment_v1_GetPaymentResponse__Output } from '../../../shop/payment/v1/GetPaymentResponse';
import type { RefundRequest as _shop_payment_v1_RefundRequest, RefundRequest__Output as _shop_payment_v1_RefundRequest__Output } from '../../../shop/payment/v1/RefundRequest';
import type { RefundResponse as _shop_payment_v1_RefundResponse, RefundResponse__Output as _shop_payment_v1_RefundResponse__Output } from '../../../shop/payment/v1/RefundResponse';

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
export interface PaymentServiceClient extends grpc.Client {
  /**
   * Charge captures amount on card for an order. A decline is a definite
   * outcome, not an error: the payment is recorded as DECLINED with a
   * decline_reason, and the call succeeds.
   * 
   * Idempotency: by order_id. A repeat returns the payment recorded by the
   * first call (CAPTURED or DECLINED) and never charges twice.
   * 
   * Errors: INVALID_ARGUMENT (empty order_id, amount not positive, unknown
   * currency, malformed card: number fails the Luhn check, exp_month out of
   * range, card expired, cvc not 3-4 digits), ALREADY_EXISTS (a payment for
   * order_id exists with a different amount), FAILED_PRECONDITION (order_id
   * is fenced: a refund or void was recorded for it), UNAVAILABLE (the
   * processor failed; nothing was captured and the same call may be retried).
   */
  Charge(argument: _shop_payment_v1_ChargeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_payment_v1_ChargeResponse__Output>): grpc.ClientUnaryCall;
  Charge(argument: _shop_payment_v1_ChargeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_payment_v1_ChargeResponse__Output>): grpc.ClientUnaryCall;
  Charge(argument: _shop_payment_v1_ChargeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_payment_v1_ChargeResponse__Output>): grpc.ClientUnaryCall;
  Charge(argument: _shop_payment_v1_ChargeRequest, callback: grpc.requestCallback<_shop_payment_v1_ChargeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Charge captures amount on card for an order. A decline is a definite
   * outcome, not an error: the payment is recorded as DECLINED with a
   * decline_reason, and the call succeeds.
   * 
   * Idempotency: by order_id. A repeat returns the payment recorded by the
   * first call (CAPTURED or DECLINED) and never charges twice.
   * 
   * Errors: INVALID_ARGUMENT (empty order_id, amount not positive, unknown
   * currency, malformed card: number fails the Luhn check, exp_month out of
   * range, card expired, cvc not 3-4 digits), ALREADY_EXISTS (a payment for
   * order_id exists with a different amount), FAILED_PRECONDITION (order_id
   * is fenced: a refund or void was recorded for it), UNAVAILABLE (the
   * processor failed; nothing was captured and the same call may be retried).
   */
  charge(argument: _shop_payment_v1_ChargeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_payment_v1_ChargeResponse__Output>): grpc.ClientUnaryCall;
  charge(argument: _shop_payment_v1_ChargeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_payment_v1_ChargeResponse__Output>): grpc.ClientUnaryCall;
  charge(argument: _shop_payment_v1_ChargeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_payment_v1_ChargeResponse__Output>): grpc.ClientUnaryCall;
  charge(argument: _shop_payment_v1_ChargeRequest, callback: grpc.requestCallback<_shop_payment_v1_ChargeResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * GetPayment returns the payment recorded for an order. Read-only.
   * 
   * NOT_FOUND only means nothing is recorded yet: a Charge still in flight
   * may capture afterwards. To settle an unknown outcome, re-issue the
   * Charge (same order_id) or fence it with Refund; never conclude from
   * NOT_FOUND that no money will be taken.
   * 
   * Errors: INVALID_ARGUMENT (empty order_id), NOT_FOUND.
   */
  GetPayment(argument: _shop_payment_v1_GetPaymentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_payment_v1_GetPaymentResponse__Output>): grpc.ClientUnaryCall;
  GetPayment(argument: _shop_payment_v1_GetPaymentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_payment_v1_GetPaymentResponse__Output>): grpc.ClientUnaryCall;
  GetPayment(argument: _shop_payment_v1_GetPaymentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_payment_v1_GetPaymentResponse__Output>): grpc.ClientUnaryCall;
  GetPayment(argument: _shop_payment_v1_GetPaymentRequest, callback: grpc.requestCallback<_shop_payment_v1_GetPaymentResponse__Output>): grpc.ClientUnaryCall;
  /**
   * GetPayment returns the payment recorded for an order. Read-only.
   * 
   * NOT_FOUND only means nothing is recorded yet: a Charge still in flight
   * may capture afterwards. To settle an unknown outcome, re-issue the
   * Charge (same order_id) or fence it with Refund; never conclude from
   * NOT_FOUND that no money will be taken.
   * 
   * Errors: INVALID_ARGUMENT (empty order_id), NOT_FOUND.
   */
  getPayment(argument: _shop_payment_v1_GetPaymentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_payment_v1_GetPaymentResponse__Output>): grpc.ClientUnaryCall;
  getPayment(argument: _shop_payment_v1_GetPaymentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_payment_v1_GetPaymentResponse__Output>): grpc.ClientUnaryCall;
  getPayment(argument: _shop_payment_v1_GetPaymentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_payment_v1_GetPaymentResponse__Output>): grpc.ClientUnaryCall;
  getPayment(argument: _shop_payment_v1_GetPaymentRequest, callback: grpc.requestCallback<_shop_payment_v1_GetPaymentResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Refund gives back the money captured for an order and fences the
   * order_id against any later Charge. It always refunds the full amount.
   * A CAPTURED payment becomes REFUNDED; when no payment exists yet a VOIDED
   * one is recorded; a DECLINED, REFUNDED or VOIDED payment is returned
   * unchanged. Refund therefore never answers NOT_FOUND.
   * 
   * Idempotency: by order_id; a repeat returns the same payment and never
   * refunds twice.
   * 
   * Errors: INVALID_ARGUMENT (empty order_id), UNAVAILABLE (the processor
   * failed; nothing changed and the same call may be retried).
   */
  Refund(argument: _shop_payment_v1_RefundRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_payment_v1_RefundResponse__Output>): grpc.ClientUnaryCall;
  Refund(argument: _shop_payment_v1_RefundRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_payment_v1_RefundResponse__Output>): grpc.ClientUnaryCall;
  Refund(argument: _shop_payment_v1_RefundRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_payment_v1_RefundResponse__Output>): grpc.ClientUnaryCall;
  Refund(argument: _shop_payment_v1_RefundRequest, callback: grpc.requestCallback<_shop_payment_v1_RefundResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Refund gives back the money captured for an order and fences the
   * order_id against any later Charge. It always refunds the full amount.
   * A CAPTURED payment becomes REFUNDED; when no payment exists yet a VOIDED
   * one is recorded; a DECLINED, REFUNDED or VOIDED payment is returned
   * unchanged. Refund therefore never answers NOT_FOUND.
   * 
   * Idempotency: by order_id; a repeat returns the same payment and never
   * refunds twice.
   * 
   * Errors: INVALID_ARGUMENT (empty order_id), UNAVAILABLE (the processor
   * failed; nothing changed and the same call may be retried).
   */
  refund(argument: _shop_payment_v1_RefundRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_payment_v1_RefundResponse__Output>): grpc.ClientUnaryCall;
  refund(argument: _shop_payment_v1_RefundRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_payment_v1_RefundResponse__Output>): grpc.ClientUnaryCall;
  refund(argument: _shop_payment_v1_RefundRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_payment_v1_RefundResponse__Output>): grpc.ClientUnaryCall;
  refund(argument: _shop_payment_v1_RefundRequest, callback: grpc.requestCallback<_shop_payment_v1_RefundResponse__Output>): grpc.ClientUnaryCall;
  
}

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
export interface PaymentServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Charge captures amount on card for an order. A decline is a definite
   * outcome, not an error: the payment is recorded as DECLINED with a
   * decline_reason, and the call succeeds.
   * 
   * Idempotency: by order_id. A repeat returns the payment recorded by the
   * first call (CAPTURED or DECLINED) and never charges twice.
   * 
   * Errors: INVALID_ARGUMENT (empty order_id, amount not positive, unknown
   * currency, malformed card: number fails the Luhn check, exp_month out of
   * range, card expired, cvc not 3-4 digits), ALREADY_EXISTS (a payment for
   * order_id exists with a different amount), FAILED_PRECONDITION (order_id
   * is fenced: a refund or void was recorded for it), UNAVAILABLE (the
   * processor failed; nothing was captured and the same call may be retried).
   */
  Charge: grpc.handleUnaryCall<_shop_payment_v1_ChargeRequest__Output, _shop_payment_v1_ChargeResponse>;
  
  /**
   * GetPayment returns the payment recorded for an order. Read-only.
   * 
   * NOT_FOUND only means nothing is recorded yet: a Charge still in flight
   * may capture afterwards. To settle an unknown outcome, re-issue the
   * Charge (same order_id) or fence it with Refund; never conclude from
   * NOT_FOUND that no money will be taken.
   * 
   * Errors: INVALID_ARGUMENT (empty order_id), NOT_FOUND.
   */
  GetPayment: grpc.handleUnaryCall<_shop_payment_v1_GetPaymentRequest__Output, _shop_payment_v1_GetPaymentResponse>;
  
  /**
   * Refund gives back the money captured for an order and fences the
   * order_id against any later Charge. It always refunds the full amount.
   * A CAPTURED payment becomes REFUNDED; when no payment exists yet a VOIDED
   * one is recorded; a DECLINED, REFUNDED or VOIDED payment is returned
   * unchanged. Refund therefore never answers NOT_FOUND.
   * 
   * Idempotency: by order_id; a repeat returns the same payment and never
   * refunds twice.
   * 
   * Errors: INVALID_ARGUMENT (empty order_id), UNAVAILABLE (the processor
   * failed; nothing changed and the same call may be retried).
   */
  Refund: grpc.handleUnaryCall<_shop_payment_v1_RefundRequest__Output, _shop_payment_v1_RefundResponse>;
  
}

export interface PaymentServiceDefinition extends grpc.ServiceDefinition {
  Charge: MethodDefinition<_shop_payment_v1_ChargeRequest, _shop_payment_v1_ChargeResponse, _shop_payment_v1_ChargeRequest__Output, _shop_payment_v1_ChargeResponse__Output>
  GetPayment: MethodDefinition<_shop_payment_v1_GetPaymentRequest, _shop_payment_v1_GetPaymentResponse, _shop_payment_v1_GetPaymentRequest__Output, _shop_payment_v1_GetPaymentResponse__Output>
  Refund: MethodDefinition<_shop_payment_v1_RefundRequest, _shop_payment_v1_RefundResponse, _shop_payment_v1_RefundRequest__Output, _shop_payment_v1_RefundResponse__Output>
}
