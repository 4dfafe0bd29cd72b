import { withTimeout } from '@shop/context';
import type { Logger } from '@shop/logging';
import type { Reservations } from './reservations';

export interface SweeperOptions {
  reservations: Reservations;
  intervalMs: number;
  batchSize: number;
  /** Deadline of one batch: its SQL is cancelled past it, so a stuck batch cannot hold locks for long. */
  batchTimeoutMs: number;
  logger: Logger;
}

export interface Sweeper {
  /** Stops scheduling and waits for a batch in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Returns the stock of holds that passed expires_at. Every replica runs one; they share the work
 * through FOR UPDATE SKIP LOCKED (see claimLapsedHolds), so no coordination is needed. A round keeps
 * taking batches while they come back full, then sleeps for the interval (setTimeout after each
 * round, not setInterval, so rounds never overlap).
 */
export function startSweeper(options: SweeperOptions): Sweeper {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> = Promise.resolve();

  const sweepRound = async () => {
    try {
      let expired: number;
      do {
        expired = await withTimeout(options.batchTimeoutMs, () => options.reservations.expireLapsedHolds(options.batchSize));
        if (expired > 0) options.logger.info({ expired }, 'expired lapsed reservations and returned their stock');
      } while (expired === options.batchSize && !stopped);
    } catch (error) {
      // The next round retries: an expired hold stays claimable until a sweep succeeds.
      options.logger.warn({ err: error }, 'reservation sweep failed');
    }
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      round = sweepRound().finally(schedule);
    }, options.intervalMs);
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await round;
    },
  };
}
