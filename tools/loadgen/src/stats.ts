import { LatencyRecorder, type LatencySummary } from './latency';

/** What one phase of a run (warm-up, measurement) saw. */
export class Stats {
  readonly byStep = new Map<string, LatencyRecorder>();
  readonly all = new LatencyRecorder();
  readonly errors = new Map<string, number>();
  readonly outcomes = new Map<string, number>();
  journeys = 0;
  failedJourneys = 0;
  /** Journeys the schedule wanted to start while every virtual user was busy (rate mode). */
  missedStarts = 0;
  requests = 0;
  failedRequests = 0;
  /** Checkouts started, which sets the card of the next one (see declinedCard). */
  checkouts = 0;

  /** One request: its latency (also when it failed; a timeout's latency is the timeout) and error kind. */
  request(step: string, ms: number, errorKind?: string): void {
    let recorder = this.byStep.get(step);
    if (!recorder) this.byStep.set(step, (recorder = new LatencyRecorder()));
    recorder.record(ms);
    this.all.record(ms);
    this.requests++;
    if (errorKind) {
      this.failedRequests++;
      this.count(this.errors, `${step}: ${errorKind}`);
    }
  }

  /** A business result that is not an error: an order confirmed, a card declined as it should be. */
  outcome(name: string): void {
    this.count(this.outcomes, name);
  }

  /** A journey problem that is not one request's fault (e.g. nothing in stock to buy). */
  journeyError(kind: string): void {
    this.count(this.errors, `journey: ${kind}`);
  }

  private count(map: Map<string, number>, key: string): void {
    map.set(key, (map.get(key) ?? 0) + 1);
  }
}

export interface StepSummary extends LatencySummary {
  step: string;
}

export interface RunSummary {
  target: string;
  mode: 'rate' | 'concurrency';
  journey: 'full' | 'checkout';
  /** Journeys per second asked for (rate mode). */
  targetRate?: number;
  concurrency: number;
  users: number;
  warmupSeconds: number;
  durationSeconds: number;
  journeys: number;
  failedJourneys: number;
  missedStarts: number;
  journeysPerSecond: number;
  requests: number;
  failedRequests: number;
  requestsPerSecond: number;
  errorRatio: number;
  /** Milliseconds, exact percentiles (nearest rank over every sample). */
  latencyMs: { all: LatencySummary; steps: StepSummary[] };
  errors: Record<string, number>;
  outcomes: Record<string, number>;
}

export function summarize(stats: Stats, run: Pick<RunSummary, 'target' | 'mode' | 'journey' | 'targetRate' | 'concurrency' | 'users' | 'warmupSeconds'>, seconds: number): RunSummary {
  const sorted = (map: Map<string, number>) => Object.fromEntries([...map.entries()].sort(([, a], [, b]) => b - a));
  return {
    ...run,
    durationSeconds: seconds,
    journeys: stats.journeys,
    failedJourneys: stats.failedJourneys,
    missedStarts: stats.missedStarts,
    journeysPerSecond: seconds > 0 ? stats.journeys / seconds : 0,
    requests: stats.requests,
    failedRequests: stats.failedRequests,
    requestsPerSecond: seconds > 0 ? stats.requests / seconds : 0,
    errorRatio: stats.requests > 0 ? stats.failedRequests / stats.requests : 0,
    latencyMs: {
      all: stats.all.summary(),
      steps: [...stats.byStep.entries()].map(([step, recorder]) => ({ step, ...recorder.summary() })),
    },
    errors: sorted(stats.errors),
    outcomes: sorted(stats.outcomes),
  };
}
