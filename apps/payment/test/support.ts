import { shopProtos, type ServiceClient } from '@shop/rpc';
import { startTsxProcess } from '@shop/testing';
import { testClient } from '@shop/rpc/testing';
import type { Card } from '@shop/rpc/generated/shop/payment/v1/Card';
import type { ChargeRequest } from '@shop/rpc/generated/shop/payment/v1/ChargeRequest';
import type { PaymentServiceDefinition } from '@shop/rpc/generated/shop/payment/v1/PaymentService';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { expect } from 'vitest';

export type PaymentClient = ServiceClient<PaymentServiceDefinition>;

export function paymentClient(address: string): PaymentClient {
  return testClient(shopProtos().grpcObject.shop.payment.v1.PaymentService.service, address);
}

export const CARDS = {
  visa: '4242424242424242',
  mastercard: '5555555555554444',
  mastercard2Series: '2223003122003222',
  amex: '378282246310005',
  discover: '6011111111111117',
  declined: '4000000000000002',
  insufficientFunds: '4000000000009995',
  processorError: '4000000000000119',
} as const;

export function orderId(): string {
  return randomUUID();
}

/** A valid Charge for a fresh order; `card` fields are laid over a good Visa card. */
export function chargeRequest(
  overrides: Omit<Partial<ChargeRequest>, 'card'> & { card?: Partial<Card> } = {},
): ChargeRequest {
  const { card, ...rest } = overrides;
  return {
    orderId: orderId(),
    amount: { amountMinor: 1999, currencyCode: 'USD' },
    ...rest,
    card: {
      number: CARDS.visa,
      expMonth: 12,
      expYear: new Date().getUTCFullYear() + 3,
      cvc: '123',
      holderName: 'Ada Lovelace',
      ...card,
    },
  };
}

/** Direct reads of the payments table, to see what a call did (or did not) write. */
export class PaymentsTable {
  private readonly pool: pg.Pool;

  constructor(databaseUrl: string) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  }

  async rows(orderIds: string[]): Promise<Array<Record<string, unknown>>> {
    const { rows } = await this.pool.query('SELECT * FROM payments WHERE order_id = ANY($1) ORDER BY order_id', [
      orderIds,
    ]);
    return rows;
  }

  async row(orderId: string): Promise<Record<string, unknown> | undefined> {
    return (await this.rows([orderId]))[0];
  }

  /** Every stored value of every row, as text: to prove a card number is nowhere in the table. */
  async dump(): Promise<string> {
    const { rows } = await this.pool.query<{ dump: string }>(
      `SELECT coalesce(string_agg(row_to_json(p)::text, E'\n'), '') AS dump FROM payments p`,
    );
    return rows[0]?.dump ?? '';
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** The value of payments_total{result} on the app's /metrics (0 before the first count). */
export async function paymentsCounted(adminPort: number, result: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text();
  const match = new RegExp(`^payments_total\\{[^}]*result="${result}"[^}]*\\} (\\d+)$`, 'm').exec(text);
  return Number(match?.[1] ?? 0);
}

export { failure } from '@shop/testing';

/**
 * Starts payment from its source with `env` over a database and free ports, expects it to refuse its
 * configuration (exit 78, EX_CONFIG) and returns what it printed.
 */
export async function refusedStart(databaseUrl: string, env: Record<string, string>): Promise<string> {
  const child = startTsxProcess('apps/payment/src/main.ts', { DATABASE_URL: databaseUrl, PORT: '0', ADMIN_PORT: '0', ...env });
  const exit = await child.exited;
  expect(exit.code, child.output()).toBe(78);
  return child.output();
}
