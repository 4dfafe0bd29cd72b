import { Counter, type CounterConfiguration, type LabelValues } from 'prom-client';

/**
 * A prom-client counter counted in plain numbers: each label set has a `DeferredCount`, whose
 * increments are added to the counter whenever it is read (prom-client runs `collect` before every
 * read: a scrape, `get()`). Incrementing a counter, or its bound child, validates and hashes the
 * labels every time (about 0.4 µs); a deferred count is one addition, for counts made on every call.
 */
export class DeferredCounter<L extends string> {
  readonly counter: Counter<L>;
  private readonly labelNames: readonly L[];
  private readonly counts = new Map<string, DeferredCount<L>>();

  constructor(configuration: Omit<CounterConfiguration<L>, 'collect'>) {
    const counts = this.counts;
    const counter: Counter<L> = new Counter({
      ...configuration,
      collect() {
        for (const count of counts.values()) count.addTo(counter);
      },
    });
    this.counter = counter;
    this.labelNames = configuration.labelNames ?? [];
  }

  /** The count of `labels`: the same one however often it is asked for. */
  count(labels: LabelValues<L>): DeferredCount<L> {
    const key = this.labelNames.map((name) => labels[name]).join('\u0000');
    let count = this.counts.get(key);
    if (count === undefined) {
      count = new DeferredCount(labels);
      this.counts.set(key, count);
    }
    return count;
  }
}

export class DeferredCount<L extends string> {
  private pending = 0;

  constructor(private readonly labels: LabelValues<L>) {}

  inc(): void {
    this.pending++;
  }

  /** Adds what was counted since the last time to `counter`. */
  addTo(counter: Counter<L>): void {
    if (this.pending === 0) return;
    counter.inc(this.labels, this.pending);
    this.pending = 0;
  }
}
