import { describe, expect, it } from 'vitest';
import { currentContext, DeadlineExceededError, remainingMs, runWithContext, throwIfExpired, withTimeout } from '../src';

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
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(currentContext()?.deadline).toBe(deadline);
      const left = remainingMs()!;
      expect(left).toBeLessThanOrEqual(980);
      expect(left).toBeGreaterThan(0);
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
});
