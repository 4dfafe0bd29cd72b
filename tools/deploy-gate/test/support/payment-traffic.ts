import { shopProtos, type ServiceClient } from '@shop/rpc';
import { testClient } from '@shop/rpc/testing';
import type { ChargeRequest } from '@shop/rpc/generated/shop/payment/v1/ChargeRequest';
import type { PaymentServiceDefinition } from '@shop/rpc/generated/shop/payment/v1/PaymentService';
import { randomUUID } from 'node:crypto';

export type PaymentClient = ServiceClient<PaymentServiceDefinition>;

/** No client retries: every call the test makes is one call the server counts. */
export function paymentClient(address: string): PaymentClient {
  return testClient(shopProtos().grpcObject.shop.payment.v1.PaymentService.service, address, { defaultTimeoutMs: 5_000 });
}

const APPROVED = '4242424242424242';
const DECLINED = '4000000000000002';

/**
 * The i-th call of a realistic mix: mostly approved charges, some declined cards (an OK answer
 * with a DECLINED payment) and some invalid requests (INVALID_ARGUMENT, the caller's fault, which
 * must not count as a server error).
 */
export function chargeFor(i: number): ChargeRequest {
  const kind = i % 10;
  return {
    orderId: randomUUID(),
    amount: { amountMinor: 1000 + i, currencyCode: 'EUR' },
    card: {
      number: kind === 8 ? DECLINED : APPROVED,
      expMonth: 12,
      expYear: new Date().getUTCFullYear() + 2,
      cvc: kind === 9 ? '1' : '123',
      holderName: 'Grace Hopper',
    },
  };
}

/** Sends `calls` charges with `concurrency` in flight; answers how many ended in each gRPC code. */
export async function driveCharges(client: PaymentClient, calls: number, concurrency: number): Promise<Record<number, number>> {
  const codes: Record<number, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < calls) {
      const i = next++;
      const code = await client.charge(chargeFor(i)).then(
        () => 0,
        (error: { code?: number }) => error.code ?? -1,
      );
      codes[code] = (codes[code] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return codes;
}
