import { describe, expect, it } from 'vitest';
import { parseOptions, seconds } from '../src/options';
import { declinedCard } from '../src/shopper';

describe('load generator options', () => {
  it('reads the command line first, then LOADGEN_* (as a Kubernetes Job sets them), then defaults', () => {
    const options = parseOptions(['--rate', '20', '--duration', '2m'], { LOADGEN_TARGET: 'http://gateway:8080', LOADGEN_RATE: '5', LOADGEN_JSON: 'true' });
    expect(options).toMatchObject({
      target: 'http://gateway:8080',
      rate: 20,
      durationSeconds: 120,
      warmupSeconds: 5,
      concurrency: 10,
      declineRatio: 0.1,
      requestTimeoutMs: 15_000,
      maxErrorRatio: 1,
      json: true,
    });
    expect(parseOptions(['--target', 'http://x'], {})).toMatchObject({ rate: undefined });
  });

  it('names the option that is wrong', () => {
    expect(() => parseOptions([], {})).toThrow('--target <gateway URL> (or LOADGEN_TARGET) is required');
    expect(() => parseOptions(['--target', 'ftp://x'], {})).toThrow("--target: expected an http(s) URL, got 'ftp://x'");
    expect(() => parseOptions(['--target', 'http://x', '--concurrency', '2.5'], {})).toThrow('--concurrency: expected a whole number from 1 to 10000');
    expect(() => parseOptions(['--target', 'http://x', '--decline-ratio', '2'], {})).toThrow('--decline-ratio: expected a number from 0 to 1');
    expect(() => parseOptions(['--target', 'http://x', '--duration', 'soon'], {})).toThrow("--duration: expected a duration such as 30s, 5m or 90, got 'soon'");
    expect(() => parseOptions(['--bogus'], {})).toThrow("Unknown option '--bogus'");
  });

  it('reads durations in ms, s, m, h or bare seconds', () => {
    expect([seconds('d', '250ms'), seconds('d', '90'), seconds('d', '1.5m'), seconds('d', '1h')]).toEqual([0.25, 90, 90, 3600]);
  });
});

describe('the declined-card schedule', () => {
  it('declines exactly the ratio of checkouts, from the first one, never by chance', () => {
    const schedule = (ratio: number, count: number) => Array.from({ length: count }, (_, index) => declinedCard(index, ratio));
    expect(schedule(0.3, 10)).toEqual([true, false, false, true, false, false, true, false, false, false]);
    expect(schedule(0.3, 1000).filter(Boolean)).toHaveLength(300);
    expect(schedule(0.1, 1000).filter(Boolean)).toHaveLength(100);
    expect(schedule(0, 50)).not.toContain(true);
    expect(schedule(1, 50)).not.toContain(false);
  });
});
