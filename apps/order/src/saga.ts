import { remainingMs } from '@shop/context';
import type { Logger } from '@shop/logging';
import type { Counter } from '@shop/metrics';
import { isServiceError, status, type CallOptions, type ServiceClient } from '@shop/rpc';
import type { InventoryServiceDefinition } from '@shop/rpc/generated/shop/inventory/v1/InventoryService';
import type { Card } from '@shop/rpc/generated/shop/payment/v1/Card';
import type { Payment__Output } from '@shop/rpc/generated/shop/payment/v1/Payment';
import type { PaymentServiceDefinition } from '@shop/rpc/generated/shop/payment/v1/PaymentService';
import type { OrderRecord, Transition } from './order';
import type { OrdersRepository } from './orders-repository';

export interface SagaSettings {
  /** How long a driver owns an order after each transition (see ORDER_LEASE_MS). */
  leaseMs: number;
  /** How long recovery leaves an order alone after it last moved (see RECOVERY_STALE_MS). */
  staleMs: number;
  /** Ceiling of the backoff between attempts at a step whose outcome stayed unknown. */
  maxBackoffMs: number;
}

export interface SagaDeps {
  repository: OrdersRepository;
  inventory: ServiceClient<InventoryServiceDefinition>;
  payment: ServiceClient<PaymentServiceDefinition>;
  logger: Logger;
  settings: SagaSettings;
  /** orders_total{outcome}: one count per order that comes to rest. */
  outcomes: Counter<'outcome'>;
  /** Runs once an order is CONFIRMED (clears the cart); failures are logged, never undo the order. */
  onConfirmed(order: OrderRecord): Promise<void>;
}

/**
 * Kept back from the caller's deadline when calling downstream, so that the outcome of the call can
 * still be written down before the caller's budget is gone.
 */
const BOOKKEEPING_MS = 250;

/** Codes by which a downstream service has definitely decided; anything else leaves the outcome unknown. */
const DEFINITE = new Set([status.INVALID_ARGUMENT, status.NOT_FOUND, status.ALREADY_EXISTS, status.FAILED_PRECONDITION]);

/** The definite refusal a call ended with, or undefined when nobody can tell what happened. */
function refusal(error: unknown): status | undefined {
  return isServiceError(error) && DEFINITE.has(error.code) ? error.code : undefined;
}

const failed = (reason: string): Transition => ({ state: 'FAILED', step: null, failureReason: reason });
const compensate = (reason: string): Transition => ({ state: 'PENDING', step: 'COMPENSATING', failureReason: reason });

/** The processor's decline reasons, as the stable failure_reason codes OrderService promises. */
function declineReason(reason: string): string {
  return reason === 'insufficient_funds' ? 'insufficient_funds' : 'payment_declined';
}

/**
 * The checkout saga: one step per remote call, each persisted before the call and its successor
 * after it, so that a crash anywhere leaves the order at a step that says which call to re-issue.
 *
 *   RESERVING    ReserveStock        -> CHARGING | FAILED out_of_stock
 *   CHARGING     Charge (GetPayment) -> COMMITTING | COMPENSATING (declined, unresolved)
 *   COMMITTING   CommitReservation   -> CONFIRMED | COMPENSATING (reservation expired)
 *   COMPENSATING Refund, Release     -> FAILED
 *   CANCELLING   Refund, Release     -> CANCELLED
 *
 * Every call is idempotent by order_id, so re-issuing one is always safe. The card exists only
 * during PlaceOrder: a driver without it (recovery) never charges; it settles an unknown charge with
 * GetPayment and, when nothing is recorded, fences it with Refund (a late charge then fails, or is
 * refunded) instead of trusting NOT_FOUND.
 */
export class CheckoutSaga {
  constructor(private readonly deps: SagaDeps) {}

  /** Lease and staleness for a transition made now: a driver inside a long call keeps its order as long. */
  leaseTerms(): { leaseMs: number; staleMs: number } {
    const { leaseMs, staleMs } = this.deps.settings;
    return { leaseMs: Math.max(leaseMs, (remainingMs() ?? 0) + 1_000), staleMs };
  }

  /**
   * Moves an order leased to `owner` on until it is at rest, or until a step's outcome is unknown
   * (then it is left where it is, for recovery). Returns the order as it now stands.
   */
  async drive(order: OrderRecord, owner: string, card?: Card): Promise<OrderRecord> {
    const { repository, logger } = this.deps;
    let current = order;
    while (current.step !== null) {
      const from = current.step;
      let next: Transition;
      try {
        next = await this.runStep(current, card);
      } catch (error) {
        logger.warn(
          { orderId: current.id, step: from, code: isServiceError(error) ? status[error.code] : undefined, err: error },
          'saga step outcome unknown; left for recovery',
        );
        await repository.letGo(current.id, owner, this.backoffMs(current.attempts)).catch(() => undefined);
        return current;
      }
      const moved = await repository.transition(current, owner, from, next, this.leaseTerms());
      if (!moved) {
        // Our lease ran out and another driver moved the order: it is theirs to finish.
        logger.warn({ orderId: current.id, step: from }, 'order moved by another driver; stopping');
        return (await repository.findById(current.id)) ?? current;
      }
      await this.recordTransition(current, moved);
      current = moved;
    }
    return current;
  }

  private runStep(order: OrderRecord, card: Card | undefined): Promise<Transition> {
    switch (order.step) {
      case 'RESERVING':
        return card ? this.reserve(order) : this.abandonReservation(order);
      case 'CHARGING':
        return card ? this.charge(order, card) : this.settleCharge(order);
      case 'COMMITTING':
        return this.commit(order);
      case 'COMPENSATING':
        return this.undo(order, 'FAILED');
      case 'CANCELLING':
        return this.undo(order, 'CANCELLED');
      case null:
        throw new Error(`order ${order.id} is at rest`);
    }
  }

  private async reserve(order: OrderRecord): Promise<Transition> {
    try {
      await this.deps.inventory.reserveStock(reservationOf(order), callOptions());
      return { state: 'PENDING', step: 'CHARGING' };
    } catch (error) {
      switch (refusal(error)) {
        case status.FAILED_PRECONDITION: // not enough stock: nothing reserved, nothing charged
          return failed('out_of_stock');
        case status.NOT_FOUND: // a product withdrawn since the cart was priced
          return failed('product_unavailable');
        case status.INVALID_ARGUMENT:
        case status.ALREADY_EXISTS:
          return compensate('reservation_rejected');
        default:
          throw error;
      }
    }
  }

  /**
   * Recovery of an interrupted reservation. Without the card the checkout cannot go on, so it ends
   * FAILED; re-issuing the reservation first gives a definite answer about what is held, and the
   * release that follows leaves a RELEASED record that turns away any late copy of the original call.
   */
  private async abandonReservation(order: OrderRecord): Promise<Transition> {
    try {
      await this.deps.inventory.reserveStock(reservationOf(order), callOptions());
      return compensate('checkout_interrupted');
    } catch (error) {
      switch (refusal(error)) {
        case status.FAILED_PRECONDITION:
        case status.NOT_FOUND:
          return failed('checkout_interrupted');
        case status.INVALID_ARGUMENT:
        case status.ALREADY_EXISTS:
          return compensate('checkout_interrupted');
        default:
          throw error;
      }
    }
  }

  private async charge(order: OrderRecord, card: Card): Promise<Transition> {
    try {
      const { payment } = await this.deps.payment.charge(
        { orderId: order.id, amount: { amountMinor: order.totalMinor, currencyCode: order.currencyCode }, card },
        callOptions(),
      );
      return afterPayment(payment);
    } catch (error) {
      switch (refusal(error)) {
        case status.FAILED_PRECONDITION: // fenced: another driver already gave up on this payment
          return compensate('payment_unresolved');
        case status.INVALID_ARGUMENT: // the processor rejected the card: nothing captured
          return compensate('card_rejected');
        case status.ALREADY_EXISTS:
        case status.NOT_FOUND:
          return compensate('payment_conflict');
        default:
          throw error;
      }
    }
  }

  /** Recovery of an unknown charge: read what payment recorded; NOT_FOUND proves nothing, so fence. */
  private async settleCharge(order: OrderRecord): Promise<Transition> {
    try {
      const { payment } = await this.deps.payment.getPayment({ orderId: order.id }, callOptions());
      return afterPayment(payment);
    } catch (error) {
      if (refusal(error) === status.NOT_FOUND) return compensate('payment_unresolved');
      throw error;
    }
  }

  private async commit(order: OrderRecord): Promise<Transition> {
    try {
      await this.deps.inventory.commitReservation({ orderId: order.id }, callOptions());
      return { state: 'CONFIRMED', step: null };
    } catch (error) {
      switch (refusal(error)) {
        case status.FAILED_PRECONDITION: // the hold expired (or was released) before we committed
          return compensate('reservation_expired');
        case status.NOT_FOUND:
        case status.INVALID_ARGUMENT:
          return compensate('reservation_missing');
        default:
          throw error;
      }
    }
  }

  /**
   * Compensation and cancellation alike: refund (which also fences any charge still on its way),
   * then return the stock. Both calls are idempotent, so a re-drive simply repeats them.
   */
  private async undo(order: OrderRecord, end: 'FAILED' | 'CANCELLED'): Promise<Transition> {
    await this.deps.payment.refund({ orderId: order.id }, callOptions());
    try {
      await this.deps.inventory.releaseReservation({ orderId: order.id }, callOptions());
    } catch (error) {
      if (refusal(error) !== status.NOT_FOUND) throw error; // NOT_FOUND: nothing was ever held
    }
    return end === 'FAILED' ? { state: 'FAILED', step: null } : { state: 'CANCELLED', step: null, failureReason: null };
  }

  private async recordTransition(before: OrderRecord, after: OrderRecord): Promise<void> {
    this.deps.logger.info(
      {
        orderId: after.id,
        userId: after.userId,
        from: describe(before),
        to: describe(after),
        ...(after.failureReason ? { failureReason: after.failureReason } : {}),
      },
      'order transition',
    );
    if (after.step !== null) return;
    this.deps.outcomes.inc({ outcome: after.state.toLowerCase() });
    if (after.state === 'CONFIRMED') {
      // After the order is safely CONFIRMED: a failure here leaves a stale cart, never a wrong order.
      await this.deps.onConfirmed(after).catch((error: unknown) =>
        this.deps.logger.warn({ orderId: after.id, err: error }, 'could not clear the cart of a confirmed order'),
      );
    }
  }

  /** How long before recovery retries an unknown step: never sooner than the staleness window. */
  private backoffMs(attempts: number): number {
    const { staleMs, maxBackoffMs } = this.deps.settings;
    const exponential = Math.min(maxBackoffMs, staleMs * 2 ** Math.min(attempts, 16));
    return Math.max(staleMs, exponential * (0.5 + Math.random() / 2));
  }
}

function afterPayment(payment: Payment__Output | null): Transition {
  switch (payment?.state) {
    case 'PAYMENT_STATE_CAPTURED':
      return { state: 'PENDING', step: 'COMMITTING' };
    case 'PAYMENT_STATE_DECLINED':
      return compensate(declineReason(payment.declineReason));
    default: // REFUNDED or VOIDED: fenced, nothing kept
      return compensate('payment_unresolved');
  }
}

function reservationOf(order: OrderRecord) {
  return { orderId: order.id, items: order.items.map((item) => ({ sku: item.sku, quantity: item.quantity })) };
}

/** Inside a call, keep back time to record the outcome; outside one, the client's default applies. */
function callOptions(): CallOptions {
  const left = remainingMs();
  return left === undefined ? {} : { timeoutMs: Math.max(1, left - BOOKKEEPING_MS) };
}

function describe(order: OrderRecord): string {
  return order.step ? `${order.state}/${order.step}` : order.state;
}
