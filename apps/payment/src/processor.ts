import { UnavailableError } from '@shop/rpc';
import type { CardDetails } from '@shop/cards';

/*
 * The simulated card processor. It answers by well-known test card numbers (the same ones Stripe
 * documents), so demos and tests can provoke every outcome on purpose:
 *
 *   4242424242424242  approved (visa)
 *   5555555555554444  approved (mastercard)
 *   378282246310005   approved (amex)
 *   4000000000000002  declined: card_declined
 *   4000000000009995  declined: insufficient_funds
 *   4000000000000119  processor error: the Charge fails UNAVAILABLE, nothing is recorded, and the
 *                     same call may be retried
 *
 * Any other number that passes validation is approved. The card is expected to be validated
 * already (Luhn, expiry, CVC): that is the caller's INVALID_ARGUMENT, not a processor outcome.
 *
 * The simulation holds no balances, so a refund has nothing to tell it; a real integration would
 * call the processor's refund, idempotent by order_id, before recording REFUNDED.
 */

export type DeclineReason = 'card_declined' | 'insufficient_funds';

export type Authorization = { approved: true } | { approved: false; reason: DeclineReason };

export const TEST_CARDS = {
  approve: '4242424242424242',
  declined: '4000000000000002',
  insufficientFunds: '4000000000009995',
  processorError: '4000000000000119',
} as const;

/** The processor could not answer; nothing was captured. Safe to retry (the chassis maps it to UNAVAILABLE). */
export class ProcessorUnavailableError extends UnavailableError {
  constructor() {
    super('the card processor is unavailable; nothing was captured, retry the same call');
  }
}

export interface CardProcessor {
  /** Decides whether `card` may be charged `amountMinor`; throws ProcessorUnavailableError. */
  authorize(card: CardDetails, amountMinor: number): Promise<Authorization>;
}

/** The processors this build knows, by the name PAYMENT_PROCESSOR selects. A real one is added here. */
export const PROCESSOR_NAMES = ['simulator'] as const;
export type ProcessorName = (typeof PROCESSOR_NAMES)[number];

export function cardProcessor(name: ProcessorName): CardProcessor {
  switch (name) {
    case 'simulator':
      return simulatedProcessor;
  }
}

export const simulatedProcessor: CardProcessor = {
  async authorize(card) {
    switch (card.number) {
      case TEST_CARDS.declined:
        return { approved: false, reason: 'card_declined' };
      case TEST_CARDS.insufficientFunds:
        return { approved: false, reason: 'insufficient_funds' };
      case TEST_CARDS.processorError:
        throw new ProcessorUnavailableError();
      default:
        return { approved: true };
    }
  },
};
