import { z } from '@shop/config';
import { defineFlag } from '@shop/flags';
import type { ChassisConfig } from './env';

/*
 * Settings an operator tunes during a sale without a restart, as run-time flags: their defaults are
 * the environment's (BREAKER_*, REQUEST_BUDGET_MS), a bad value is refused and the one in force stays.
 */
export type OperationalFlags = ReturnType<typeof operationalFlags>;

export function operationalFlags(config: ChassisConfig) {
  return {
    breakerErrorThresholdPercent: defineFlag({
      key: 'breaker-error-threshold-percent',
      defaultValue: config.BREAKER_ERROR_THRESHOLD_PERCENT,
      schema: z.number().int().min(1).max(100),
      description: 'Failure percentage in the rolling window that opens a breaker (every downstream target).',
    }),
    breakerResetTimeoutMs: defineFlag({
      key: 'breaker-reset-timeout-ms',
      defaultValue: config.BREAKER_RESET_TIMEOUT_MS,
      schema: z.number().int().min(100).max(600_000),
      description: 'How long an open breaker waits before a trial call.',
    }),
  };
}

/** The time budget of each HTTP request (REQUEST_BUDGET_MS by default), which becomes every gRPC deadline. */
export function requestBudgetFlag(defaultValue: number) {
  return defineFlag({
    key: 'request-budget-ms',
    defaultValue,
    schema: z.number().int().min(50).max(120_000),
    description: 'Time budget of each HTTP request; its gRPC calls and SQL statements inherit it.',
  });
}
