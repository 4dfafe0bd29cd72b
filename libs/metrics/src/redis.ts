import { Histogram, type Registry } from 'prom-client';

/** How a Redis command ended: a reply, an error (reply error, connection down), or the client's timeout. */
export type RedisOutcome = 'ok' | 'error' | 'timeout';

export interface RedisCommandMetrics {
  /** One finished command: its name as the client sends it (`get`, `evalsha`), how it ended, how long it took. */
  observe(command: string, outcome: RedisOutcome, seconds: number): void;
}

// Redis answers in tens to hundreds of microseconds on a healthy network; the top buckets catch
// the stalls (a blocked server, a reconnect) that a command timeout of about a second bounds.
const REDIS_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

type Child = ReturnType<Histogram<'command' | 'outcome'>['labels']>;

// One histogram per registry, shared by every Redis client of the app.
const byRegistry = new WeakMap<Registry, RedisCommandMetrics>();

/**
 * `redis_command_duration_seconds{command, outcome}` on the app's registry. Label children are
 * resolved once per command and outcome, so the hot path builds no label objects of its own.
 */
export function redisCommandMetrics(registry: Registry): RedisCommandMetrics {
  const existing = byRegistry.get(registry);
  if (existing !== undefined) return existing;
  const histogram = new Histogram({
    name: 'redis_command_duration_seconds',
    help: 'Duration of Redis commands sent by the app, by command and outcome (ok, error, timeout).',
    labelNames: ['command', 'outcome'] as const,
    buckets: REDIS_BUCKETS,
    registers: [registry],
  });
  const children = new Map<string, Record<RedisOutcome, Child | undefined>>();
  const metrics: RedisCommandMetrics = {
    observe(command, outcome, seconds) {
      let byOutcome = children.get(command);
      if (byOutcome === undefined) {
        byOutcome = { ok: undefined, error: undefined, timeout: undefined };
        children.set(command, byOutcome);
      }
      let child = byOutcome[outcome];
      if (child === undefined) {
        child = histogram.labels({ command, outcome });
        byOutcome[outcome] = child;
      }
      child.observe(seconds);
    },
  };
  byRegistry.set(registry, metrics);
  return metrics;
}
