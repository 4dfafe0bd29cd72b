import { describe, expect, it } from 'vitest';
import { currentContext, DeadlineExceededError, openContext, remainingMs, runWithContext, throwIfExpired, withTimeout } from '../src';

describe('call context', () => {
  it('is absent outside a call', () => {
    expect(currentContext()).toBeUndefined();
    expect(remainingMs()).toBeUndefined();
    expect(() => throwIfExpired()).not.toThrow();
  });

  it('follows the work across awaits and timers', async () => {
    const signal = new AbortController().signal;
    const deadline = Date.now() + 1000;
    await runWithContext({ deadline, signal }, async () => {
      const before = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(currentContext()?.deadline).toBe(deadline);
      // Timers and Date.now() round differently: a 20 ms timer may see 19 ms pass on the wall clock.
      const after = Date.now();
      const left = remainingMs(after)!;
      expect(after).toBeGreaterThan(before);
      expect(left).toBe(deadline - after);
      expect(left).toBeLessThan(1000);
    });
  });

  it('reports no deadline as undefined and a spent one as zero', () => {
    const signal = new AbortController().signal;
    runWithContext({ deadline: Infinity, signal }, () => expect(remainingMs()).toBeUndefined());
    runWithContext({ deadline: Date.now() - 5, signal }, () => {
      expect(remainingMs()).toBe(0);
      expect(() => throwIfExpired()).toThrow(DeadlineExceededError);
    });
  });

  it('treats a cancelled call as expired', () => {
    const controller = new AbortController();
    controller.abort();
    runWithContext({ deadline: Date.now() + 10_000, signal: controller.signal }, () =>
      expect(() => throwIfExpired()).toThrow(DeadlineExceededError),
    );
  });

  it('gives background work a deadline and aborts it when the time is up', async () => {
    let signal: AbortSignal | undefined;
    await withTimeout(50, async () => {
      signal = currentContext()?.signal;
      expect(remainingMs()).toBeLessThanOrEqual(50);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(signal?.aborted).toBe(true);
    });
    expect(signal?.reason).toBeInstanceOf(DeadlineExceededError);
  });

  // The signal is made when first read (a handler that never reads it costs no timer): read late,
  // it must say what an eager one would have said.
  it('gives a signal first read after the deadline passed, already aborted by the deadline', async () => {
    const opened = openContext(Date.now() + 10, 'too late');
    await new Promise((resolve) => setTimeout(resolve, 30));
    const { signal } = opened.context;
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(DeadlineExceededError);
    expect((signal.reason as Error).message).toBe('too late');
    opened.close();
  });

  it('gives a signal first read after a cancel, aborted with its reason, and the same signal each time', () => {
    const opened = openContext(Date.now() + 10_000);
    const reason = new DeadlineExceededError('caller went away');
    opened.cancel(reason);
    const { signal } = opened.context;
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
    expect(opened.context.signal).toBe(signal);
    opened.close();
  });

  it('cancels an inner context with its outer one, whichever signal is read first', () => {
    for (const readInnerFirst of [true, false]) {
      const outer = openContext(Date.now() + 10_000);
      const inner = outer.run(() => openContext(Date.now() + 20_000));
      expect(inner.context.deadline).toBe(outer.context.deadline);
      if (readInnerFirst) expect(inner.context.signal.aborted).toBe(false);
      const reason = new DeadlineExceededError('outer cancelled');
      outer.cancel(reason);
      expect(inner.context.signal.aborted).toBe(true);
      expect(inner.context.signal.reason).toBe(reason);
      inner.close();
      outer.close();
    }
  });

  it('aborts a signal read before the deadline when the deadline passes', async () => {
    const opened = openContext(Date.now() + 20);
    const { signal } = opened.context;
    expect(signal.aborted).toBe(false);
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    expect(signal.reason).toBeInstanceOf(DeadlineExceededError);
    opened.close();
  });

  // A route tightens the request's context to its own budget (one context per request).
  describe('tightened', () => {
    it('moves the deadline earlier, never later', () => {
      const opened = openContext(Date.now() + 10_000);
      const first = opened.context.deadline;
      opened.tighten(first + 5_000);
      expect(opened.context.deadline).toBe(first);
      opened.tighten(first - 5_000);
      expect(opened.context.deadline).toBe(first - 5_000);
      opened.run(() => expect(remainingMs()).toBeLessThanOrEqual(5_000));
      opened.close();
    });

    it('aborts a signal read before it at the new deadline: the running timer is re-armed', async () => {
      const opened = openContext(Date.now() + 10_000, 'route budget spent');
      const { signal } = opened.context;
      const tightened = Date.now();
      opened.tighten(tightened + 30);
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      expect(Date.now() - tightened).toBeLessThan(5_000);
      expect(signal.reason).toBeInstanceOf(DeadlineExceededError);
      expect((signal.reason as Error).message).toBe('route budget spent');
      opened.close();
    });

    it('aborts a signal first read after it at the new deadline', async () => {
      const opened = openContext(Date.now() + 10_000);
      opened.tighten(Date.now() + 30);
      const { signal } = opened.context;
      expect(signal.aborted).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(signal.aborted).toBe(true);
      expect(signal.reason).toBeInstanceOf(DeadlineExceededError);
      opened.close();
    });

    it('aborts at once when tightened to a deadline already passed', () => {
      const opened = openContext(Date.now() + 10_000);
      const { signal } = opened.context;
      opened.tighten(Date.now() - 1);
      expect(signal.aborted).toBe(true);
      opened.run(() => expect(() => throwIfExpired()).toThrow(DeadlineExceededError));
      opened.close();
    });

    it('bounds a context opened inside it afterwards', () => {
      const outer = openContext(Date.now() + 10_000);
      const deadline = Date.now() + 1_000;
      outer.tighten(deadline);
      const inner = outer.run(() => openContext(Date.now() + 5_000));
      expect(inner.context.deadline).toBe(deadline);
      inner.close();
      outer.close();
    });
  });
});
