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

/**
 * The one error for "this call's time is up": work refused because the budget is spent, a wait cut
 * short by the deadline, a call cancelled by its caller. The gRPC server answers it
 * DEADLINE_EXCEEDED, the HTTP edge 504.
 */
export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';
  constructor(message = 'deadline exceeded before the work could start', options?: ErrorOptions) {
    super(message, options);
  }
}

export interface OpenedContext {
  readonly context: CallContext;
  /** Runs `fn` inside the context (and everything it awaits). */
  run<T>(fn: () => T): T;
  /**
   * Moves the deadline to `deadline` if that is earlier (never later): a route whose budget is
   * shorter than the request's tightens the request's own context instead of opening a second one
   * inside it. A deadline timer already running is re-armed for the new deadline. Contexts opened
   * inside this one before the call keep the deadline they were opened with.
   */
  tighten(deadline: number): void;
  /** Aborts the context's signal now, e.g. when the caller goes away. */
  cancel(reason: Error): void;
  /** Stops the deadline timer once the work is over; the signal is left as it is. */
  close(): void;
}

/**
 * Opens a call context that ends at `deadline` (epoch ms; `Infinity` for none): its signal aborts
 * with DeadlineExceededError when the deadline passes or `cancel` is called. The gRPC server, the
 * HTTP edge and background work (withTimeout) all open their contexts here. Opened inside another
 * context it only tightens it: it ends no later than the outer deadline, and is cancelled with it.
 *
 * The signal, its deadline timer and its link to the outer context are made when the signal is
 * first read: most calls (a leaf service's handler) never read it, and a timer per call is the
 * largest cost of a context. Read late, it is the same signal: aborted at once if the context was
 * cancelled or its deadline has passed.
 */
export function openContext(deadline: number, expired = 'deadline exceeded'): OpenedContext {
  return new OpenCallContext(deadline, expired, storage.getStore());
}

/**
 * One object per opened context, being both the context its work reads and the handle its opener
 * holds, with its methods on the prototype: a context is opened for every call and every request,
 * and closures made per context were most of what one cost to allocate.
 */
class OpenCallContext implements CallContext, OpenedContext {
  deadline: number;
  private controller: AbortController | undefined;
  private cancelled: { reason: unknown } | undefined;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  /** The listener on the outer signal, once linked to it. */
  private onOuterAbort: (() => void) | undefined;

  constructor(
    deadline: number,
    private readonly expired: string,
    private readonly outer: CallContext | undefined,
  ) {
    this.deadline = Math.min(deadline, outer?.deadline ?? Infinity);
  }

  get context(): CallContext {
    return this;
  }

  get signal(): AbortSignal {
    if (this.controller) return this.controller.signal;
    const controller = (this.controller = new AbortController());
    if (this.cancelled) {
      controller.abort(this.cancelled.reason);
    } else if (!this.closed) {
      this.armTimer();
      const outer = this.outer;
      if (outer?.signal.aborted) this.cancel(outer.signal.reason);
      else if (outer && !controller.signal.aborted) {
        this.onOuterAbort = () => this.cancel(outer.signal.reason);
        outer.signal.addEventListener('abort', this.onOuterAbort, { once: true });
      }
    }
    return controller.signal;
  }

  run<T>(fn: () => T): T {
    return storage.run(this, fn);
  }

  tighten(deadline: number): void {
    if (deadline >= this.deadline) return;
    this.deadline = deadline;
    // Only a signal already read, and not yet aborted, has a timer running for the old deadline.
    if (this.timer !== undefined && !this.controller?.signal.aborted) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.armTimer();
    }
  }

  cancel(reason: unknown): void {
    this.cancelled ??= { reason };
    if (this.controller && !this.controller.signal.aborted) this.controller.abort(reason);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.onOuterAbort) this.outer?.signal.removeEventListener('abort', this.onOuterAbort);
  }

  /** Aborts the signal at the deadline: now if it has passed, else by a timer. */
  private armTimer(): void {
    const left = this.deadline - Date.now();
    if (left <= 0) this.cancel(new DeadlineExceededError(this.expired));
    else if (this.deadline !== Infinity) {
      this.timer = setTimeout(() => this.cancel(new DeadlineExceededError(this.expired)), left);
      this.timer.unref();
    }
  }
}

/**
 * Throws DeadlineExceededError when the current call is cancelled or out of time, so that no work
 * starts that the caller can no longer use; a no-op outside a call. `what` names the work refused.
 */
export function throwIfExpired(what = 'the work', now = Date.now()): void {
  const context = storage.getStore();
  if (!context) return;
  if (context.signal.aborted) throw new DeadlineExceededError(`call cancelled before ${what} could start`);
  if (context.deadline <= now) throw new DeadlineExceededError(`deadline exceeded before ${what} could start`);
}

/**
 * Waits for `work`, but no longer than the current call has left (and no longer than `timeoutMs`,
 * when given, in or outside a call): past that, or when the call is cancelled, it rejects with
 * DeadlineExceededError naming `what`. The work itself is not stopped; its late outcome is dropped
 * (a late rejection is not an unhandled one). Without a deadline or timeout it is just `work`.
 */
export function raceBudget<T>(work: Promise<T>, what: string, timeoutMs?: number): Promise<T> {
  const context = storage.getStore();
  const left = Math.min(remainingMs() ?? Infinity, timeoutMs ?? Infinity);
  if (left === Infinity && !context) return work;
  work.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const fail = () => {
      cleanUp();
      reject(new DeadlineExceededError(`deadline exceeded waiting for ${what}`));
    };
    const timer = left === Infinity ? undefined : setTimeout(fail, left);
    const signal = context?.signal;
    if (signal?.aborted) return fail();
    signal?.addEventListener('abort', fail, { once: true });
    function cleanUp() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', fail);
    }
    work.then(
      (value) => {
        cleanUp();
        resolve(value);
      },
      (error: unknown) => {
        cleanUp();
        reject(error);
      },
    );
  });
}

/**
 * Opens a context for work that starts outside any request (a sweeper, a recovery worker, a
 * command-line task) so that it, too, runs under a deadline.
 */
export function withTimeout<T>(timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const opened = openContext(Date.now() + timeoutMs);
  return opened.run(fn).finally(() => opened.close());
}
