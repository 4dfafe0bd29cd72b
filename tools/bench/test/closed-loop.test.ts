import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { drive } from '../src/closed-loop';

// On a fake clock: when each call of a closed loop starts, not how long anything takes.
describe('drive', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  /** The start of every call of 4 workers whose calls each last 100 ms, for 0.3 s, relative to the first. */
  async function startsOf(spreadMs: number): Promise<number[]> {
    const starts: number[] = [];
    const call = () => {
      starts.push(performance.now());
      return new Promise((resolve) => setTimeout(resolve, 100));
    };
    const driven = drive(call, 0.3, 4, spreadMs);
    await vi.advanceTimersByTimeAsync(1_000);
    const { latencies } = await driven;
    expect(latencies).toHaveLength(starts.length);
    return starts.map((start) => start - starts[0]!);
  }

  it('starts every worker in the same instant by default, so calls of one length stay in lockstep', async () => {
    expect(await startsOf(0)).toEqual([0, 0, 0, 0, 100, 100, 100, 100, 200, 200, 200, 200]);
  });

  it('spreads the first calls of the workers evenly over spreadMs', async () => {
    expect(await startsOf(100)).toEqual([0, 25, 50, 75, 100, 125, 150, 175, 200, 225, 250, 275]);
  });
});
