import { z } from '@shop/config';
import { defineFlag, RuntimeFlags } from '@shop/flags';
import type { PaymentConfig } from './config';
import type { FaultSource } from './faults';

/*
 * Payment's run-time flags: the fault settings, changed in the flags file (FLAGS_FILE) without a
 * restart. Their defaults are the PAYMENT_FAULT_* environment (off unless set).
 */
export type PaymentFlags = ReturnType<typeof paymentFlags>;

export function paymentFlags(config: PaymentConfig) {
  return {
    failureRatio: defineFlag({
      key: 'payment-failure-ratio',
      defaultValue: config.PAYMENT_FAULT_ERROR_RATE,
      schema: z.number().min(0).max(1),
      description: 'Share of Charge and Refund calls (0 to 1) that fail with PAYMENT_FAULT_ERROR_CODE.',
    }),
    latencyMs: defineFlag({
      key: 'payment-latency-ms',
      defaultValue: config.PAYMENT_FAULT_LATENCY_MS,
      schema: z.number().int().min(0).max(600_000),
      description: 'Latency added to Charge and Refund, cut short at the deadline.',
    }),
  };
}

/** The fault injector's settings as the flags say now; each injected fault marks the request's span. */
export function faultSource(flags: RuntimeFlags, defined: PaymentFlags, config: PaymentConfig): FaultSource {
  return {
    current: () => ({
      latencyMs: flags.get(defined.latencyMs),
      errorRate: flags.get(defined.failureRatio),
      errorCode: config.PAYMENT_FAULT_ERROR_CODE,
    }),
    injected: (fault) => {
      const flag = fault === 'latency' ? defined.latencyMs : defined.failureRatio;
      RuntimeFlags.mark(flag, flags.get(flag));
    },
  };
}
