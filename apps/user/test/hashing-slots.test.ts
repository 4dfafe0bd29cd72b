import { DeadlineExceededError, openContext } from '@shop/context';
import { QuotaExceededError } from '@shop/rpc';
import { describe, expect, it } from 'vitest';
import { HashingSlots } from '../src/hashing-slots';

/* The hashing bound's queue under real call contexts (the ones the gRPC server opens per call). */

/** A hash that runs until released, recording that it started. */
function gate() {
  const started: string[] = [];
  const releases = new Map<string, () => void>();
  const hash = (name: string) => () =>
    new Promise<string>((resolve) => {
      started.push(name);
      releases.set(name, () => resolve(name));
    });
  return { started, hash, release: (name: string) => releases.get(name)!() };
}

/** Runs `fn` as a call with `budgetMs` left, as the gRPC server would. */
function asCall<T>(budgetMs: number, fn: () => Promise<T>): { result: Promise<T>; cancel(): void } {
  const opened = openContext(Date.now() + budgetMs);
  const result = opened.run(fn).finally(() => opened.close());
  return { result, cancel: () => opened.cancel(new DeadlineExceededError('call cancelled by the caller')) };
}

describe('a call waiting for a hashing slot', () => {
  it('leaves the queue at its deadline with DEADLINE_EXCEEDED, never takes the slot, and frees its place for others', async () => {
    const slots = new HashingSlots({ concurrent: 1, waiting: 1, retryAfterMs: 1000 });
    const { started, hash, release } = gate();
    const running = asCall(60_000, () => slots.run(hash('running')));
    const late = asCall(50, () => slots.run(hash('late')));
    await expect(late.result).rejects.toBeInstanceOf(DeadlineExceededError);

    // Its place in the queue is free again: the next caller waits instead of being refused.
    const next = asCall(60_000, () => slots.run(hash('next')));
    const refused = asCall(60_000, () => slots.run(hash('refused')));
    await expect(refused.result).rejects.toBeInstanceOf(QuotaExceededError);

    // The slot goes from the running call to the next one; the late one never hashed.
    release('running');
    await running.result;
    await expect.poll(() => started).toEqual(['running', 'next']);
    release('next');
    await expect(next.result).resolves.toBe('next');
  });

  it('leaves the queue when its caller goes away', async () => {
    const slots = new HashingSlots({ concurrent: 1, waiting: 4, retryAfterMs: 1000 });
    const { started, hash, release } = gate();
    const running = asCall(60_000, () => slots.run(hash('running')));
    const gone = asCall(60_000, () => slots.run(hash('gone')));
    const after = asCall(60_000, () => slots.run(hash('after')));
    gone.cancel();
    await expect(gone.result).rejects.toBeInstanceOf(DeadlineExceededError);
    release('running');
    await running.result;
    await expect.poll(() => started).toEqual(['running', 'after']);
    release('after');
    await after.result;
  });

  it('is refused at once when its deadline has already passed', async () => {
    const slots = new HashingSlots({ concurrent: 1, waiting: 1, retryAfterMs: 1000 });
    const { started, hash } = gate();
    await expect(asCall(0, () => slots.run(hash('expired'))).result).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(started).toEqual([]);
  });
});
