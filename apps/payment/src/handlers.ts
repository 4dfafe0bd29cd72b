import { parseRequest, toTimestamp, type UnaryHandlers } from '@shop/rpc';
import type { Payment as PaymentMessage } from '@shop/rpc/generated/shop/payment/v1/Payment';
import type { PaymentServiceDefinition } from '@shop/rpc/generated/shop/payment/v1/PaymentService';
import { PaymentState } from '@shop/rpc/generated/shop/payment/v1/PaymentState';
import { z } from 'zod';
import { CARD_NUMBER_PATTERN, CVC_PATTERN, isExpired, passesLuhn } from '@shop/cards';
import { SUPPORTED_CURRENCIES, type Payment } from './payment';
import type { Payments } from './payments';

/*
 * The gRPC face of the payment service: requests are validated here (every violation reported at
 * once, in the proto's field names), then handed to the domain; payments are mapped back to messages.
 * Violation messages never echo a value: the card number and CVC must not reach a log or a caller.
 */

/** Order ids are UUIDs; the bound keeps an oversized key out of the primary key index. */
const MAX_ORDER_ID_LENGTH = 128;

const orderId = z
  .string()
  .min(1, 'is required')
  .max(MAX_ORDER_ID_LENGTH, `must be at most ${MAX_ORDER_ID_LENGTH} characters`);

const money = z.object(
  {
    // int64 arrives as a JS number: anything past 2^53 has already lost precision, so it is refused.
    amountMinor: z
      .number()
      .refine(Number.isSafeInteger, 'must be a whole number of minor units below 2^53')
      .refine((amount) => amount > 0, 'must be positive'),
    currencyCode: z.enum(SUPPORTED_CURRENCIES, { error: `must be one of ${SUPPORTED_CURRENCIES.join(', ')}` }),
  },
  { error: 'is required' },
);

const card = z
  .object(
    {
      number: z
        .string()
        .regex(CARD_NUMBER_PATTERN, { error: 'must be 12 to 19 digits, without spaces or dashes', abort: true })
        .refine(passesLuhn, 'fails the Luhn check'),
      expMonth: z.number().int().min(1, 'must be from 1 to 12').max(12, 'must be from 1 to 12'),
      expYear: z.number().int().min(1000, 'must be four digits').max(9999, 'must be four digits'),
      cvc: z.string().regex(CVC_PATTERN, 'must be 3 or 4 digits'),
    },
    { error: 'is required' },
  )
  // Runs only once month and year are well-formed; evaluated per request, so "now" is now.
  .refine((value) => !isExpired(value.expMonth, value.expYear), { error: 'the card has expired', path: ['expYear'] });

const chargeRequest = z.object({ orderId, amount: money, card });
const byOrderId = z.object({ orderId });

export function paymentHandlers(payments: Payments): UnaryHandlers<PaymentServiceDefinition> {
  return {
    async Charge(request) {
      const command = parseRequest(chargeRequest, request, 'ChargeRequest');
      return { payment: toMessage(await payments.charge(command)) };
    },
    async Refund(request) {
      const { orderId } = parseRequest(byOrderId, request, 'RefundRequest');
      return { payment: toMessage(await payments.refund(orderId)) };
    },
    async GetPayment(request) {
      const { orderId } = parseRequest(byOrderId, request, 'GetPaymentRequest');
      return { payment: toMessage(await payments.get(orderId)) };
    },
  };
}

function toMessage(payment: Payment): PaymentMessage {
  return {
    orderId: payment.orderId,
    state: PaymentState[`PAYMENT_STATE_${payment.state}`],
    amount: payment.amount,
    cardBrand: payment.cardBrand ?? '',
    cardLast4: payment.cardLast4 ?? '',
    declineReason: payment.declineReason ?? '',
    createdAt: toTimestamp(payment.createdAt),
    updatedAt: toTimestamp(payment.updatedAt),
  };
}
