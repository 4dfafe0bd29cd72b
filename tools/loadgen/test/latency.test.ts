import { describe, expect, it } from 'vitest';
import { LatencyRecorder } from '../src/latency';

describe('latency percentiles (exact, nearest rank)', () => {
  it('answers the smallest sample with at least q of the samples at or below it, whatever the order recorded', () => {
    const recorder = new LatencyRecorder();
    for (const ms of [10, 1, 9, 2, 8, 3, 7, 4, 6, 5]) recorder.record(ms);
    expect(recorder.summary()).toEqual({ count: 10, p50: 5, p90: 9, p99: 10, max: 10 });
    recorder.record(0.5);
    expect(recorder.percentile(0)).toBe(0.5);
  });

  it('puts p99 of 1000 samples at the 990th', () => {
    const recorder = new LatencyRecorder();
    for (let i = 1000; i >= 1; i--) recorder.record(i);
    expect([recorder.percentile(0.5), recorder.percentile(0.99), recorder.max()]).toEqual([500, 990, 1000]);
  });

  it('has no percentiles without samples', () => {
    expect(new LatencyRecorder().summary()).toEqual({ count: 0, p50: undefined, p90: undefined, p99: undefined, max: undefined });
  });
});
