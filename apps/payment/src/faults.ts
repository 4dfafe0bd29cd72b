import { pauseWithinDeadline } from '@shop/flags';
import { DomainError, status } from '@shop/rpc';

/*
 * Fault injection for demos and resilience tests (the payment-* flags in flags.ts), off by default.
 * It runs before the service reads or writes anything, so an injected failure changes nothing and
 * a caller's retry of it is as safe as the first attempt.
 */

export interface FaultSettings {
  latencyMs: number;
  /** 0 to 1. */
  errorRate: number;
  errorCode: status;
}

/** Where the settings in force come from (environment and run-time flags), and who hears that a fault was injected. */
export interface FaultSource {
  current(): FaultSettings;
  injected?(fault: 'latency' | 'error'): void;
}

/** A failure the operator asked for; answers with the configured status. */
export class InjectedFaultError extends DomainError {
  override readonly name = 'InjectedFaultError';
  constructor(readonly code: status) {
    super(`injected fault (${status[code]})`);
  }
}

export type FaultInjector = () => Promise<void>;

export function faultInjector(source: FaultSource, random: () => number = Math.random): FaultInjector {
  return async () => {
    const settings = source.current();
    if (settings.latencyMs > 0) {
      source.injected?.('latency');
      await pauseWithinDeadline(settings.latencyMs);
    }
    if (settings.errorRate > 0 && random() < settings.errorRate) {
      source.injected?.('error');
      throw new InjectedFaultError(settings.errorCode);
    }
  };
}
