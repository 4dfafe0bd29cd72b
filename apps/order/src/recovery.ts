import type { Logger } from '@shop/logging';
import type { WorkerOptions } from '@shop/service';
import { randomUUID } from 'node:crypto';
import type { OrdersRepository } from './orders-repository';
import type { CheckoutSaga } from './saga';
import type { OrderMetrics } from './metrics';

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
  constructor(
    private readonly repository: OrdersRepository,
    private readonly saga: CheckoutSaga,
    private readonly logger: Logger,
    private readonly settings: RecoverySettings,
    private readonly metrics: Pick<OrderMetrics, 'inFlight' | 'oldestInFlight'>,
  ) {}

  /** What app.startWorker runs: one batch per tick under its deadline, a bounded stop. */
  worker(): WorkerOptions {
    return {
      name: 'recovery batch',
      intervalMs: this.settings.intervalMs,
      runTimeoutMs: this.settings.batchTimeoutMs,
      stopWaitMs: STOP_WAIT_MS,
      run: () => this.runOnce(),
    };
  }

  /** One batch: claim what is due and drive each order as far as it will go. Returns how many were claimed. */
  async runOnce(): Promise<number> {
    const driver = randomUUID();
    const backlog = await this.repository.backlog();
    this.metrics.inFlight.set(backlog.count);
    this.metrics.oldestInFlight.set(backlog.oldestSeconds);
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
  }
}
