import { withTimeout } from '@shop/context';
import type { Logger } from '@shop/logging';
import type { WorkerOptions } from '@shop/service';
import type { RefreshTokens } from './refresh-tokens';

export interface RefreshTokenSweeperOptions {
  refreshTokens: RefreshTokens;
  intervalMs: number;
  batchSize: number;
  /** Deadline of one batch: its DELETE is cancelled past it, so a slow batch cannot hold locks for long. */
  batchTimeoutMs: number;
  logger: Logger;
}

/**
 * Deletes expired refresh tokens (refused anyway) so the table holds live sessions only, as a
 * chassis worker (app.startWorker). Every replica runs one; they share the work through FOR
 * UPDATE SKIP LOCKED. A run keeps taking batches while they come back full.
 */
export function refreshTokenSweeper(options: RefreshTokenSweeperOptions): WorkerOptions {
  return {
    name: 'refresh token sweep',
    intervalMs: options.intervalMs,
    async run() {
      let deleted: number;
      do {
        deleted = await withTimeout(options.batchTimeoutMs, () => options.refreshTokens.deleteExpired(options.batchSize));
        if (deleted > 0) options.logger.info({ deleted }, 'deleted expired refresh tokens');
      } while (deleted === options.batchSize);
    },
  };
}
