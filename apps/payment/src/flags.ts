import { z } from '@shop/config';
import { defineFlag, RuntimeFlags, type Flag } from '@shop/flags';
import { status } from '@shop/rpc';
import type { PaymentConfig } from './config';
import type { FaultSource } from './faults';

/*
 * Payment's run-time flags: the fault settings, changed in the flags file (FLAGS_FILE) without a
 * restart. The ratio's and the latency's defaults are the PAYMENT_FAULT_* environment (off unless
 * set); the status an injected failure answers with is a flag only.
 */
export type PaymentFlags = ReturnType<typeof paymentFlags>;

/** gRPC status names an injected failure may answer with: every code but OK. */
const FAULT_CODE_NAMES = Object.keys(status).filter((name) => Number.isNaN(Number(name)) && name !== 'OK') as [string, ...string[]];

export function paymentFlags(config: PaymentConfig) {
  return {
    failureRatio: defineFlag({
      key: 'payment-failure-ratio',
      defaultValue: config.PAYMENT_FAULT_ERROR_RATE,
      schema: z.number().min(0).max(1),
      description: 'Share of Charge and Refund calls (0 to 1) that fail with payment-failure-code.',
    }),
    failureCode: defineFlag({
      key: 'payment-failure-code',
      defaultValue: 'UNAVAILABLE',
      schema: z.enum(FAULT_CODE_NAMES),
      description: 'The gRPC status name an injected failure answers with, e.g. UNAVAILABLE or RESOURCE_EXHAUSTED.',
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
export function faultSource(flags: RuntimeFlags, defined: PaymentFlags): FaultSource {
  return {
    current: () => ({
      latencyMs: flags.get(defined.latencyMs),
      errorRate: flags.get(defined.failureRatio),
      errorCode: status[flags.get(defined.failureCode) as keyof typeof status] as status,
    }),
    injected: (fault) => {
      const marked: Flag<number | string>[] = fault === 'latency' ? [defined.latencyMs] : [defined.failureRatio, defined.failureCode];
      for (const flag of marked) RuntimeFlags.mark(flag, flags.get(flag));
    },
  };
}
