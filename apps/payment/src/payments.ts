import { AlreadyExistsError, FailedPreconditionError, NotFoundError } from '@shop/rpc';
import type { Logger } from '@shop/logging';
import { summarizeCard, type CardDetails } from '@shop/cards';
import type { FaultInjector } from './faults';
import type { PaymentMetrics } from './metrics';
import { FENCED_STATES, type Money, type NewCharge, type Payment } from './payment';
import { ProcessorUnavailableError, type CardProcessor } from './processor';
import type { PaymentsRepository } from './payments-repository';

export interface ChargeCommand {
  orderId: string;
  amount: Money;
  /** Validated by the caller; never logged, never stored beyond brand and last four digits. */
  card: CardDetails;
}

export interface PaymentsDeps {
  repository: PaymentsRepository;
  processor: CardProcessor;
  injectFault: FaultInjector;
  metrics: PaymentMetrics;
  logger: Logger;
}

/**
 * The payment rules. At most one payment per order_id, decided by the table's primary key; a
 * REFUNDED or VOIDED payment fences its order_id against every later Charge, which is what makes
 * a late-arriving Charge (one its caller gave up on) unable to take money for a failed order.
 */
export class Payments {
  constructor(private readonly deps: PaymentsDeps) {}

  /** Captures or declines, once per order_id; a repeat returns what the first call recorded. */
  async charge({ orderId, amount, card }: ChargeCommand): Promise<Payment> {
    const { repository, processor, metrics } = this.deps;
    await this.deps.injectFault();

    // A repeat must not reach the processor again. This read only saves that trip: what makes
    // the charge happen once is the insert below, not this check.
    const recorded = await repository.find(orderId);
    if (recorded) return this.replay(recorded, amount);

    const authorization = await processor.authorize(card, amount.amountMinor).catch((error: unknown) => {
      if (error instanceof ProcessorUnavailableError) metrics.count('processor_error');
      throw error;
    });

    const { brand, last4 } = summarizeCard(card.number);
    const charge: NewCharge = {
      orderId,
      amount,
      cardBrand: brand,
      cardLast4: last4,
      ...(authorization.approved
        ? { state: 'CAPTURED', declineReason: null }
        : { state: 'DECLINED', declineReason: authorization.reason }),
    };
    const inserted = await repository.insertCharge(charge);
    if (inserted) {
      this.recorded(inserted);
      return inserted;
    }
    // Another Charge or a Refund won the order_id while we asked the processor: its row decides.
    // Our authorization is never recorded, so nothing is captured (the simulation holds no funds;
    // a real processor's hold would be released here).
    const winner = await repository.find(orderId);
    if (!winner) throw new Error(`payment ${orderId} missing after a conflicting insert`);
    return this.replay(winner, amount);
  }

  /** Refunds a capture, or fences an order_id that has no payment yet; idempotent. */
  async refund(orderId: string): Promise<Payment> {
    await this.deps.injectFault();
    const { payment, changed } = await this.deps.repository.refundOrVoid(orderId);
    if (changed) this.recorded(payment);
    return payment;
  }

  async get(orderId: string): Promise<Payment> {
    const payment = await this.deps.repository.find(orderId);
    if (!payment) throw new NotFoundError(`no payment recorded for order ${orderId}`);
    return payment;
  }

  /** A Charge for an order_id that already has a payment: the recorded one answers it. */
  private replay(recorded: Payment, amount: Money): Payment {
    if (FENCED_STATES.has(recorded.state)) {
      this.deps.metrics.count('fenced');
      this.deps.logger.info({ orderId: recorded.orderId, state: recorded.state }, 'charge refused: order fenced');
      throw new FailedPreconditionError(
        `order ${recorded.orderId} is fenced: its payment was ${recorded.state.toLowerCase()}, no charge can capture`,
      );
    }
    if (
      recorded.amount?.amountMinor !== amount.amountMinor ||
      recorded.amount.currencyCode !== amount.currencyCode
    ) {
      throw new AlreadyExistsError(`order ${recorded.orderId} already has a payment for a different amount`);
    }
    return recorded;
  }

  /** One log line and one count per state change; brand and last four digits are all it shows of a card. */
  private recorded(payment: Payment): void {
    this.deps.metrics.count(payment.state.toLowerCase() as Lowercase<Payment['state']>);
    this.deps.logger.info(
      {
        orderId: payment.orderId,
        state: payment.state,
        amountMinor: payment.amount?.amountMinor,
        currencyCode: payment.amount?.currencyCode,
        cardBrand: payment.cardBrand,
        cardLast4: payment.cardLast4,
        declineReason: payment.declineReason,
      },
      'payment recorded',
    );
  }
}
