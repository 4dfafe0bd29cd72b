/**
 * Latencies of one kind of request, kept whole: percentiles are exact (nearest rank over the sorted
 * samples), not bucketed. A run of this tool records at most a few hundred thousand samples, a few
 * MB; an HDR histogram would only pay off for much longer runs.
 */
export class LatencyRecorder {
  private samples: number[] = [];
  private sorted = true;

  record(ms: number): void {
    const last = this.samples.at(-1);
    if (last !== undefined && ms < last) this.sorted = false;
    this.samples.push(ms);
  }

  get count(): number {
    return this.samples.length;
  }

  /** The smallest sample with at least q of all samples at or below it (nearest rank); undefined when empty. */
  percentile(q: number): number | undefined {
    if (this.samples.length === 0) return undefined;
    if (!this.sorted) {
      this.samples.sort((a, b) => a - b);
      this.sorted = true;
    }
    const rank = Math.max(1, Math.ceil(q * this.samples.length));
    return this.samples[rank - 1];
  }

  max(): number | undefined {
    return this.percentile(1);
  }

  summary(): LatencySummary {
    return { count: this.count, p50: this.percentile(0.5), p90: this.percentile(0.9), p99: this.percentile(0.99), max: this.max() };
  }
}

export interface LatencySummary {
  count: number;
  p50: number | undefined;
  p90: number | undefined;
  p99: number | undefined;
  max: number | undefined;
}
