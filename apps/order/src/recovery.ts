import { withTimeout } from '@shop/context';
import type { Logger } from '@shop/logging';
import { Gauge, type Registry } from '@shop/metrics';
import { randomUUID } from 'node:crypto';
import type { OrderRepository } from './repository';
import type { CheckoutSaga } from './saga';

export interface RecoverySettings {
  intervalMs: number;
  batchSize: number;
  /** Deadline of one batch: every call and statement in it. */
  batchTimeoutMs: number;
}

/** How long shutdown waits for a batch in flight before leaving its orders to their leases. */
const STOP_WAIT_MS = 3_000;

/**
 * Re-drives sagas that nobody is driving: orders whose last move is older than the staleness
 * window (their driver died, or a step's outcome was unknown) and whose lease is free. Claiming is
 * one UPDATE over SELECT ... FOR UPDATE SKIP LOCKED, so replicas share the work without overlap.
 */
export class RecoveryWorker {
  private timer: NodeJS.Timeout | undefined;
  private batch: Promise<unknown> | undefined;
  private stopped = false;
  private readonly inFlight: Gauge;
  private readonly oldestInFlight: Gauge;

  constructor(
    private readonly repository: OrderRepository,
    private readonly saga: CheckoutSaga,
    private readonly logger: Logger,
    private readonly settings: RecoverySettings,
    registry: Registry,
  ) {
    // The saga backlog, measured once per recovery tick: alerts watch the age of the oldest.
    this.inFlight = new Gauge({
      name: 'orders_in_flight',
      help: 'Orders whose saga has not come to rest (checkout or cancellation under way, or waiting for recovery).',
      registers: [registry],
    });
    this.oldestInFlight = new Gauge({
      name: 'orders_in_flight_oldest_seconds',
      help: 'Age of the oldest order whose saga has not come to rest; 0 when there is none.',
      registers: [registry],
    });
  }

  start(): void {
    this.schedule();
  }

  /** Stops taking batches and waits (bounded) for the one in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.batch) await Promise.race([this.batch, new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref())]);
  }

  /** One batch: claim what is due and drive each order as far as it will go. Returns how many were claimed. */
  async runOnce(): Promise<number> {
    const driver = randomUUID();
    try {
      return await withTimeout(this.settings.batchTimeoutMs, async () => {
        const backlog = await this.repository.backlog();
        this.inFlight.set(backlog.count);
        this.oldestInFlight.set(backlog.oldestSeconds);
        const due = await this.repository.claimDue(driver, this.settings.batchSize, this.saga.leaseTerms().leaseMs);
        if (due.length > 0) this.logger.info({ orders: due.length }, 'recovering stalled orders');
        await Promise.all(
          due.map((order) =>
            this.saga
              .drive(order, driver)
              .catch((error: unknown) => this.logger.warn({ orderId: order.id, err: error }, 'recovery attempt failed')),
          ),
        );
        return due.length;
      });
    } catch (error) {
      this.logger.warn({ err: error }, 'recovery batch failed');
      return 0;
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.batch = this.runOnce().finally(() => {
        this.batch = undefined;
        this.schedule();
      });
    }, this.settings.intervalMs);
    this.timer.unref();
  }
}
