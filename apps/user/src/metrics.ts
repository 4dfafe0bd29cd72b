import { Counter, type Registry } from '@shop/metrics';

/** User's business metrics, beside the chassis's RED metrics: what happened to sessions, not to calls. */
export interface UserMetrics {
  /**
   * Refresh tokens by what happened to them: rotated (exchanged for the next), replayed (a repeat
   * within the reuse interval, answered with the successor already issued), reused (a copy used
   * after the interval: the family was revoked), swept (expired and deleted).
   */
  refreshTokens: Counter<'outcome'>;
}

export function userMetrics(registry: Registry): UserMetrics {
  const refreshTokens = new Counter({
    name: 'user_refresh_tokens_total',
    help: 'Refresh tokens by outcome: rotated, replayed (a repeat within the reuse interval), reused (family revoked), swept (expired, deleted).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  for (const outcome of ['rotated', 'replayed', 'reused', 'swept']) refreshTokens.inc({ outcome }, 0);
  return { refreshTokens };
}
