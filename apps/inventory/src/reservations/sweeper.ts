import { withTimeout } from '@shop/context';
import type { Logger } from '@shop/logging';
import type { WorkerOptions } from '@shop/service';
import type { Reservations } from './reservations';

export interface SweeperOptions {
  reservations: Reservations;
  intervalMs: number;
  batchSize: number;
  /** Deadline of one batch: its SQL is cancelled past it, so a stuck batch cannot hold locks for long. */
  batchTimeoutMs: number;
  logger: Logger;
}

/**
 * Returns the stock of holds that passed expires_at, as a chassis worker (app.startWorker). Every
 * replica runs one; they share the work through FOR UPDATE SKIP LOCKED (see claimLapsedHolds), so no
 * coordination is needed. A run keeps taking batches while they come back full; a failed run is
 * retried by the next (an expired hold stays claimable until a sweep succeeds).
 */
export function sweeper(options: SweeperOptions): WorkerOptions {
  return {
    name: 'reservation sweep',
    intervalMs: options.intervalMs,
    async run() {
      let expired: number;
      do {
        expired = await withTimeout(options.batchTimeoutMs, () => options.reservations.expireLapsedHolds(options.batchSize));
        if (expired > 0) options.logger.info({ expired }, 'expired lapsed reservations and returned their stock');
      } while (expired === options.batchSize);
    },
  };
}
