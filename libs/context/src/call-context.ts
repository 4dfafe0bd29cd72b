import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What every unit of work inside a request knows about that request: when it must be done by and
 * whether the caller has gone away. The gRPC server and the HTTP edge open one per incoming call;
 * outgoing gRPC calls, SQL transactions and Redis commands read it to bound their own work.
 */
export interface CallContext {
  /** Absolute deadline in epoch milliseconds; `Infinity` when the caller set none. */
  readonly deadline: number;
  /** Aborted when the caller cancels or the deadline passes. */
  readonly signal: AbortSignal;
}

const storage = new AsyncLocalStorage<CallContext>();

export function runWithContext<T>(context: CallContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): CallContext | undefined {
  return storage.getStore();
}

/**
 * Milliseconds left in the current call's budget, or `undefined` outside any call (or when the call
 * has no deadline). Never negative.
 */
export function remainingMs(now = Date.now()): number | undefined {
  const context = storage.getStore();
  if (!context || context.deadline === Infinity) return undefined;
  return Math.max(0, context.deadline - now);
}

/** Thrown by chassis code that refuses to start work for a call whose budget is already spent. */
export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';
  constructor(message = 'deadline exceeded before the work could start') {
    super(message);
  }
}

/** Throws when the current call is cancelled or out of time; a no-op outside a call. */
export function throwIfExpired(now = Date.now()): void {
  const context = storage.getStore();
  if (!context) return;
  if (context.signal.aborted || context.deadline <= now) throw new DeadlineExceededError();
}

/**
 * Opens a context for work that starts outside any request (a sweeper, a recovery worker, a
 * command-line task) so that it, too, runs under a deadline.
 */
export function withTimeout<T>(timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineExceededError()), timeoutMs);
  timer.unref();
  return runWithContext({ deadline: Date.now() + timeoutMs, signal: controller.signal }, fn).finally(() =>
    clearTimeout(timer),
  );
}
