import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import type { EventEmitter } from 'node:events';
import CircuitBreaker from 'opossum';
import { DeferredCounter } from '@shop/metrics';
import { Gauge, type Registry } from 'prom-client';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** The downstream, e.g. its channel target `dns:///catalog:50051`; labels metrics and errors. */
  target: string;
  registry: Registry;
  /**
   * Does this error say the target is unhealthy? Only such failures count toward opening; any
   * other error is an answer (a caller's mistake, a limiter's refusal) and counts as a success.
   * @shop/rpc's isTargetFailure is the rule for gRPC calls.
   */
  isFailure(err: unknown): boolean;
  /** Off by default: each call carries its own gRPC deadline, which is the timer that matters. */
  timeoutMs?: number | false;
  /** Open when more than this share of calls in the window failed. */
  errorThresholdPercentage?: number;
  /** Calls in the window before the breaker may open, so two failures at start-up do not trip it. */
  volumeThreshold?: number;
  rollingCountTimeoutMs?: number;
  /** How long to stay open before letting one trial call through (half-open). */
  resetTimeoutMs?: number;
}

export interface Breaker {
  readonly target: string;
  /** Runs `fn` unless the circuit is open; its result or error passes through unchanged. */
  fire<T>(fn: () => Promise<T>): Promise<T>;
  state(): BreakerState;
  /** Changes thresholds in force (run-time settings), for the calls from now on. */
  setThresholds(thresholds: { errorThresholdPercentage?: number; resetTimeoutMs?: number }): void;
  shutdown(): void;
}

/** Shaped like a grpc-js ServiceError, so callers handle it like any UNAVAILABLE from the channel. */
export interface CircuitOpenError extends ServiceError {
  /** Until the breaker lets a trial call through; the gateway turns it into Retry-After. */
  retryAfterMs: number;
}

export function isCircuitOpenError(err: unknown): err is CircuitOpenError {
  return err instanceof Error && typeof (err as Partial<CircuitOpenError>).retryAfterMs === 'number';
}

function serviceError(code: status, details: string): ServiceError {
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata: new Metadata() });
}

const STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };
const EVENTS = ['success', 'failure', 'reject', 'open', 'halfOpen', 'close', 'timeout'] as const;

interface BreakerMetrics {
  state: Gauge<'target'>;
  /** Every call is an event (a success or a failure): counted in plain numbers (DeferredCounter), as the RED metrics are. */
  events: DeferredCounter<'target' | 'event'>;
}

// prom-client refuses a second metric of the same name in a registry: one set per registry,
// shared by all of its breakers.
const metricsByRegistry = new WeakMap<Registry, BreakerMetrics>();

function metricsFor(registry: Registry): BreakerMetrics {
  let metrics = metricsByRegistry.get(registry);
  if (metrics === undefined) {
    metrics = {
      state: new Gauge({
        name: 'circuit_breaker_state',
        help: 'Circuit breaker state per downstream target: 0 closed, 1 half-open, 2 open.',
        labelNames: ['target'] as const,
        registers: [registry],
      }),
      events: new DeferredCounter({
        name: 'circuit_breaker_events_total',
        help: 'Circuit breaker events per target (success counts answers that do not say the target is unhealthy).',
        labelNames: ['target', 'event'] as const,
        registers: [registry],
      }),
    };
    metricsByRegistry.set(registry, metrics);
  }
  return metrics;
}

type Action = () => Promise<unknown>;

/** One breaker per downstream target, shared by every call to it. */
export function createBreaker(options: BreakerOptions): Breaker {
  const { target, registry } = options;
  let resetTimeoutMs = options.resetTimeoutMs ?? 5000;
  // opossum keeps this very object as its options and reads the thresholds from it when it uses them.
  const settings: CircuitBreaker.Options = {
    name: target,
    timeout: options.timeoutMs ?? false,
    errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
    volumeThreshold: options.volumeThreshold ?? 5,
    rollingCountTimeout: options.rollingCountTimeoutMs ?? 10_000,
    resetTimeout: resetTimeoutMs,
    errorFilter: (err: unknown) => !options.isFailure(err),
    // Neither is read here; both cost work on every call or a timer per breaker.
    rollingPercentilesEnabled: false,
    enableSnapshots: false,
  };
  const breaker = new CircuitBreaker<[Action], unknown>((fn) => fn(), settings);

  const metrics = metricsFor(registry);
  const stateGauge = metrics.state.labels({ target });
  stateGauge.set(STATE_VALUE.closed);
  for (const event of EVENTS) {
    metrics.events.counter.inc({ target, event }, 0); // export zeros, so rate() and alerts see the series from the start
    const count = metrics.events.count({ target, event });
    (breaker as EventEmitter).on(event, () => count.inc());
  }

  let openedAt = 0;
  breaker.on('open', () => {
    openedAt = Date.now();
    stateGauge.set(STATE_VALUE.open);
  });
  breaker.on('halfOpen', () => stateGauge.set(STATE_VALUE['half-open']));
  breaker.on('close', () => stateGauge.set(STATE_VALUE.closed));

  function translate(err: unknown): unknown {
    if (!(err instanceof Error) || !CircuitBreaker.isOurError(err)) return err;
    const code = (err as Error & { code?: string }).code;
    if (code === 'EOPENBREAKER') {
      const retryAfterMs = Math.max(0, openedAt + resetTimeoutMs - Date.now());
      return Object.assign(serviceError(status.UNAVAILABLE, `circuit open for ${target}`), { retryAfterMs });
    }
    if (code === 'ETIMEDOUT') return serviceError(status.DEADLINE_EXCEEDED, `${err.message} calling ${target}`);
    if (code === 'ESHUTDOWN') return serviceError(status.UNAVAILABLE, `circuit breaker for ${target} is shut down`);
    return err;
  }

  return {
    target,
    fire<T>(fn: () => Promise<T>): Promise<T> {
      return breaker.fire(fn).catch((err: unknown) => {
        throw translate(err);
      }) as Promise<T>;
    },
    state() {
      if (breaker.opened) return 'open';
      return breaker.halfOpen ? 'half-open' : 'closed';
    },
    setThresholds(thresholds) {
      if (thresholds.errorThresholdPercentage !== undefined) settings.errorThresholdPercentage = thresholds.errorThresholdPercentage;
      if (thresholds.resetTimeoutMs !== undefined) settings.resetTimeout = resetTimeoutMs = thresholds.resetTimeoutMs;
    },
    shutdown() {
      breaker.shutdown();
      metrics.state.remove({ target });
    },
  };
}
