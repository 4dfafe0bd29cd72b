import { query } from '@shop/db';
import type { Pool } from 'pg';
import type { CardBrand } from '@shop/cards';
import type { Currency, NewCharge, Payment, PaymentState } from './payment';
import type { DeclineReason } from './processor';

interface PaymentRow {
  order_id: string;
  state: PaymentState;
  amount_minor: string | null; // bigint arrives as a string
  currency_code: Currency | null;
  card_brand: CardBrand | null;
  card_last4: string | null;
  decline_reason: DeclineReason | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * The payments table. Every write is a single statement decided by the order_id primary key, so
 * concurrent Charges and Refunds for one order serialize on that key and never need a lock held
 * across round trips. Statements run through `query`, which bounds them by the call's deadline.
 */
export class PaymentsRepository {
  constructor(private readonly db: Pool) {}

  async find(orderId: string): Promise<Payment | undefined> {
    const { rows } = await query<PaymentRow>(this.db, 'SELECT * FROM payments WHERE order_id = $1', [orderId]);
    return rows[0] && toPayment(rows[0]);
  }

  /**
   * Records a charge unless the order_id already has a payment (a charge, or a Refund's fence);
   * returns undefined when it did not win the key. ON CONFLICT waits for a concurrent insert of the
   * same key to commit or roll back, so exactly one of any number of racing writers wins.
   */
  async insertCharge(charge: NewCharge): Promise<Payment | undefined> {
    const { rows } = await query<PaymentRow>(
      this.db,
      `INSERT INTO payments (order_id, state, amount_minor, currency_code, card_brand, card_last4, decline_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (order_id) DO NOTHING
       RETURNING *`,
      [
        charge.orderId,
        charge.state,
        charge.amount.amountMinor,
        charge.amount.currencyCode,
        charge.cardBrand,
        charge.cardLast4,
        charge.declineReason,
      ],
    );
    return rows[0] && toPayment(rows[0]);
  }

  /**
   * Fences the order_id in one statement: no payment yet → a VOIDED one; CAPTURED → REFUNDED; any
   * other state stays as it is (then `changed` is false). The insert and the update are one atomic
   * decision on the key, so no Charge can slip in between "nothing there" and "fence it".
   */
  async refundOrVoid(orderId: string): Promise<{ payment: Payment; changed: boolean }> {
    const { rows } = await query<PaymentRow>(
      this.db,
      `INSERT INTO payments (order_id, state) VALUES ($1, 'VOIDED')
       ON CONFLICT (order_id) DO UPDATE SET state = 'REFUNDED', updated_at = now()
         WHERE payments.state = 'CAPTURED'
       RETURNING *`,
      [orderId],
    );
    if (rows[0]) return { payment: toPayment(rows[0]), changed: true };
    // The row exists in a terminal state (DECLINED, REFUNDED, VOIDED): a fresh read sees it as is.
    const unchanged = await this.find(orderId);
    if (!unchanged) throw new Error(`payment ${orderId} vanished after a conflicting insert`);
    return { payment: unchanged, changed: false };
  }
}

function toPayment(row: PaymentRow): Payment {
  return {
    orderId: row.order_id,
    state: row.state,
    amount:
      row.amount_minor === null || row.currency_code === null
        ? null
        : { amountMinor: Number(row.amount_minor), currencyCode: row.currency_code },
    cardBrand: row.card_brand,
    cardLast4: row.card_last4,
    declineReason: row.decline_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
