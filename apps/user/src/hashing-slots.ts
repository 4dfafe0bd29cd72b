import { currentContext, DeadlineExceededError, throwIfExpired } from '@shop/context';
import { QuotaExceededError } from '@shop/rpc';

/**
 * Bounds the password hashes running at once. Each scrypt run takes 128 MiB at the default cost
 * and a libuv thread for tens of milliseconds, and anyone can ask for one (register, login): without a
 * bound a flood takes the process's memory and every other call's threads. A few calls may wait
 * for a slot; beyond that the call is refused at once with RESOURCE_EXHAUSTED as a quota refusal
 * (QuotaFailure + RetryInfo), which the gateway answers 429 and no breaker counts. A call whose
 * deadline passes (or whose caller goes away) while it waits leaves the queue with
 * DEADLINE_EXCEEDED: it never takes a slot to hash for nobody.
 */
export class HashingSlots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly limits: { concurrent: number; waiting: number; retryAfterMs: number },
  ) {}

  async run<T>(hash: () => Promise<T>): Promise<T> {
    throwIfExpired('the password check');
    if (this.running >= this.limits.concurrent) {
      if (this.waiting.length >= this.limits.waiting) {
        throw new QuotaExceededError('too many password checks in progress; retry shortly', 'password-hashing', this.limits.retryAfterMs);
      }
      await this.slotHandedOver();
    } else {
      this.running++;
    }
    try {
      return await hash();
    } finally {
      // Hand the slot to the next waiter directly, so a newcomer cannot overtake the queue.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Resolves when a finishing call hands its slot over; rejects, out of the queue, when the call's context ends first. */
  private slotHandedOver(): Promise<void> {
    const signal = currentContext()?.signal;
    return new Promise<void>((resolve, reject) => {
      const handOver = () => {
        signal?.removeEventListener('abort', leave);
        resolve();
      };
      const leave = () => {
        this.waiting.splice(this.waiting.indexOf(handOver), 1);
        reject(new DeadlineExceededError('deadline exceeded waiting for a password hashing slot'));
      };
      this.waiting.push(handOver);
      signal?.addEventListener('abort', leave, { once: true });
    });
  }
}
