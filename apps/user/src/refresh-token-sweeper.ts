import type { Logger } from '@shop/logging';
import { inBatches, type WorkerOptions } from '@shop/service';
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
 * UPDATE SKIP LOCKED.
 */
export function refreshTokenSweeper(options: RefreshTokenSweeperOptions): WorkerOptions {
  return {
    name: 'refresh token sweep',
    intervalMs: options.intervalMs,
    run: inBatches({
      batchSize: options.batchSize,
      batchTimeoutMs: options.batchTimeoutMs,
      async batch(limit) {
        const deleted = await options.refreshTokens.deleteExpired(limit);
        if (deleted > 0) options.logger.info({ deleted }, 'deleted expired refresh tokens');
        return deleted;
      },
    }),
  };
}
