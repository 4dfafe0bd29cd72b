import { Counter, type Registry } from '@shop/metrics';

/** Business outcomes, beside the chassis' RED metrics: what happened to money, not to calls. */
export type PaymentResult = 'captured' | 'declined' | 'refunded' | 'voided' | 'fenced' | 'processor_error';

export interface PaymentMetrics {
  count(result: PaymentResult): void;
}

export function paymentMetrics(registry: Registry): PaymentMetrics {
  const outcomes = new Counter({
    name: 'payments_total',
    help: 'Payment outcomes by result: state changes recorded, charges refused by a fence, processor errors',
    labelNames: ['result'],
    registers: [registry],
  });
  return { count: (result) => outcomes.inc({ result }) };
}
