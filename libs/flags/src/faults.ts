import { currentContext, DeadlineExceededError } from '@shop/context';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { defineFlag, RuntimeFlags, type Flag } from './flags';

/*
 * The chassis' fault flags, every app has them (all off): latency added to each Postgres and Redis
 * round trip a request makes, and a CPU or memory hog in the process. libs/db and libs/redis call
 * `injectLatency` once each; the hogs follow their flags from the service runtime.
 */
const latency = (key: string, description: string) =>
  defineFlag({ key, defaultValue: 0, schema: z.number().int().min(0).max(60_000), description });

export const faultFlags = {
  dbLatencyMs: latency('db-latency-ms', 'Milliseconds added before every database transaction or statement of a request.'),
  redisLatencyMs: latency('redis-latency-ms', 'Milliseconds added before every Redis command of a request.'),
  cpuHogPercent: defineFlag({
    key: 'cpu-hog-percent',
    defaultValue: 0,
    schema: z.number().int().min(0).max(95),
    description: 'Share of each 100 ms the event loop spends spinning (a CPU hog in this app).',
  }),
  memoryHogMb: defineFlag({
    key: 'memory-hog-mb',
    defaultValue: 0,
    schema: z.number().int().min(0).max(4_096),
    description: 'Megabytes this app allocates and holds (a memory hog).',
  }),
};

/**
 * The latency a flag asks for, before a round trip of the current request: nothing (no promise,
 * no cost) while it is 0. The pause marks the request's span and never outlasts its deadline.
 */
export function injectLatency(flag: Flag<number>): Promise<void> | undefined {
  const ms = RuntimeFlags.current?.get(flag) ?? 0;
  if (ms <= 0) return undefined;
  RuntimeFlags.mark(flag, ms);
  return pauseWithinDeadline(ms);
}

/**
 * Waits `ms`, but no longer than the current call has: its signal fires at the deadline and when
 * the caller cancels, so injected latency never holds a connection or a pool slot past the budget.
 */
export async function pauseWithinDeadline(ms: number): Promise<void> {
  const signal = currentContext()?.signal;
  try {
    await sleep(ms, undefined, signal ? { signal } : {});
  } catch (error) {
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DeadlineExceededError();
    throw error;
  }
}

/** Follows the hog flags: spins the event loop for a share of every 100 ms, holds memory. */
export function followHogs(flags: RuntimeFlags): () => void {
  let spinTimer: NodeJS.Timeout | undefined;
  const held: Buffer[] = [];
  flags.watch(faultFlags.cpuHogPercent, (percent) => {
    clearInterval(spinTimer);
    spinTimer = undefined;
    if (percent === 0) return;
    spinTimer = setInterval(() => {
      const until = performance.now() + percent;
      while (performance.now() < until) {
        // spinning on purpose: the CPU hog
      }
    }, 100);
    spinTimer.unref();
  });
  flags.watch(faultFlags.memoryHogMb, (mb) => {
    // Filled, so the pages are really resident.
    held.splice(0, held.length, ...Array.from({ length: mb }, () => Buffer.alloc(2 ** 20, 1)));
  });
  return () => {
    clearInterval(spinTimer);
    held.length = 0;
  };
}
