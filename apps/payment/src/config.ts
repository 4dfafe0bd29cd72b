import { durationMs, serviceEnv, z } from '@shop/config';
import { PROCESSOR_NAMES } from './processor';

/** What payment reads from its environment beyond the chassis's settings; the defaults run it on a laptop. */
export const paymentConfig = z.object({
  ...serviceEnv({ port: 50053, adminPort: 9053 }),
  /**
   * The card processor charges go to (src/processor.ts). `simulator` answers by test card numbers
   * and approves any other valid card: refused when SHOP_PROFILE=production.
   */
  PAYMENT_PROCESSOR: z.enum(PROCESSOR_NAMES, { error: `expected one of ${PROCESSOR_NAMES.join(', ')}` }).default('simulator'),

  /*
   * Fault injection for demos and resilience tests; off by default. Applied to Charge and Refund
   * after validation and before any read or write, so an injected failure changes nothing.
   */
  /** Latency added before processing; cut short when the call's deadline passes or it is cancelled. */
  PAYMENT_FAULT_LATENCY_MS: durationMs(0),
  /** Share of Charge and Refund calls (0 to 1) that fail (with the payment-failure-code flag's status). */
  PAYMENT_FAULT_ERROR_RATE: z.coerce
    .number({ error: 'expected a number from 0 to 1' })
    .min(0, 'expected a number from 0 to 1')
    .max(1, 'expected a number from 0 to 1')
    .default(0),
});

export type PaymentConfig = z.output<typeof paymentConfig>;

/** Settings that parse but must not run together; each is a line of the start-up refusal. */
export function paymentConfigRefusals(config: Pick<PaymentConfig, 'SHOP_PROFILE' | 'PAYMENT_PROCESSOR'>): string[] {
  if (config.SHOP_PROFILE === 'production' && config.PAYMENT_PROCESSOR === 'simulator') {
    return [
      'PAYMENT_PROCESSOR: the simulator approves any valid card number and is refused when SHOP_PROFILE=production; wire a real processor (src/processor.ts), or run SHOP_PROFILE=local for a demo',
    ];
  }
  return [];
}
