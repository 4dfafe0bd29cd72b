import type { CardBrand } from '@shop/cards';
import type { DeclineReason } from './processor';

/** ISO 4217 codes this shop charges in. Amounts are always integer minor units of one of them. */
export const SUPPORTED_CURRENCIES = ['USD', 'EUR', 'GBP'] as const;
export type Currency = (typeof SUPPORTED_CURRENCIES)[number];

export interface Money {
  /** A positive safe integer: the bigint column holds it exactly, and so does a JS number. */
  amountMinor: number;
  currencyCode: Currency;
}

/**
 * CAPTURED -> REFUNDED; DECLINED and VOIDED are terminal. REFUNDED and VOIDED fence the order_id:
 * no Charge for it can ever capture.
 */
export type PaymentState = 'CAPTURED' | 'DECLINED' | 'REFUNDED' | 'VOIDED';

export const FENCED_STATES: ReadonlySet<PaymentState> = new Set(['REFUNDED', 'VOIDED']);

/** The one payment of an order, as recorded. */
export interface Payment {
  orderId: string;
  state: PaymentState;
  /** Null only for VOIDED (a fence recorded before any charge). */
  amount: Money | null;
  cardBrand: CardBrand | null;
  cardLast4: string | null;
  /** Set only for DECLINED. */
  declineReason: DeclineReason | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What Charge records when it wins the order_id. */
export interface NewCharge {
  orderId: string;
  state: 'CAPTURED' | 'DECLINED';
  amount: Money;
  cardBrand: CardBrand;
  cardLast4: string;
  declineReason: DeclineReason | null;
}
