import { Gauge, type Registry } from 'prom-client';

export interface LabeledValue {
  labels: Record<string, string | number>;
  value: number;
}

export interface CallbackGaugeOptions {
  registry: Registry;
  name: string;
  help: string;
  labelNames?: readonly string[];
  /** Read at scrape time: a single value, or one value per label set (the others are dropped). */
  collect: () => number | readonly LabeledValue[];
}

/** A gauge whose value is read when Prometheus scrapes, not pushed on every change. */
export function gaugeFromCallback({ registry, name, help, labelNames = [], collect }: CallbackGaugeOptions): Gauge {
  return new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      const result = collect();
      if (typeof result === 'number') {
        this.set(result);
        return;
      }
      this.reset();
      for (const { labels, value } of result) this.set(labels, value);
    },
  });
}

/** The numbers node-postgres exposes as pool.totalCount, pool.idleCount and pool.waitingCount. */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

type PoolSources = Map<string, () => PoolStats>;

// The gauges exist once per registry; each pool adds a source (label pool="<name>") to them.
const poolSources = new WeakMap<Registry, PoolSources>();

function poolGauge(registry: Registry, sources: PoolSources, name: string, help: string, pick: (s: PoolStats) => number) {
  gaugeFromCallback({
    registry,
    name,
    help,
    labelNames: ['pool'],
    collect: () => [...sources].map(([pool, stats]) => ({ labels: { pool }, value: pick(stats()) })),
  });
}

/**
 * Exports a connection pool's usage as pg_pool_connections_{open,idle,waiting}{pool="<name>"}.
 * Returns a function that removes the pool again (call it when the pool is closed).
 */
export function registerPoolMetrics(registry: Registry, name: string, stats: () => PoolStats): () => void {
  let sources = poolSources.get(registry);
  if (sources === undefined) {
    sources = new Map();
    poolSources.set(registry, sources);
    poolGauge(registry, sources, 'pg_pool_connections_open', 'Connections open in the pool (idle and in use).', (s) => s.total);
    poolGauge(registry, sources, 'pg_pool_connections_idle', 'Open connections not checked out.', (s) => s.idle);
    poolGauge(registry, sources, 'pg_pool_connections_waiting', 'Queries waiting for a connection.', (s) => s.waiting);
  }
  if (sources.has(name)) throw new Error(`pool metrics for "${name}" are already registered`);
  sources.set(name, stats);
  const own = sources;
  return () => {
    own.delete(name);
  };
}
