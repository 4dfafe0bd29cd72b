import { z } from '@shop/config';
import { defineFlag, RuntimeFlags } from '@shop/flags';
import { DomainError, status } from '@shop/rpc';

/*
 * Inventory's fault flag, off by default: a share of ReserveStock calls fail with UNAVAILABLE, as an
 * overloaded or failing inventory would answer, before any stock is touched (so a retry is safe).
 */
export const failureRatio = defineFlag({
  key: 'inventory-failure-ratio',
  defaultValue: 0,
  schema: z.number().min(0).max(1),
  description: 'Share of ReserveStock calls (0 to 1) that fail with UNAVAILABLE before touching any stock.',
});

/** A failure the operator asked for. */
export class InjectedFaultError extends DomainError {
  override readonly name = 'InjectedFaultError';
  readonly code = status.UNAVAILABLE;
  constructor() {
    super('injected fault (inventory-failure-ratio)');
  }
}

/** Throws for the share of calls the flag asks for, marking the request's span. */
export function failureInjector(flags: RuntimeFlags, random: () => number = Math.random): () => void {
  return () => {
    const ratio = flags.get(failureRatio);
    if (ratio > 0 && random() < ratio) {
      RuntimeFlags.mark(failureRatio, ratio);
      throw new InjectedFaultError();
    }
  };
}
