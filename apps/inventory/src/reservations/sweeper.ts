import type { Logger } from '@shop/logging';
import { inBatches, type WorkerOptions } from '@shop/service';
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
    run: inBatches({
      batchSize: options.batchSize,
      batchTimeoutMs: options.batchTimeoutMs,
      async batch(limit) {
        const expired = await options.reservations.expireLapsedHolds(limit);
        if (expired > 0) options.logger.info({ expired }, 'expired lapsed reservations and returned their stock');
        return expired;
      },
    }),
  };
}
