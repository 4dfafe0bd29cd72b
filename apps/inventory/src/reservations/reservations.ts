import type { TransactionClient } from '@shop/db';
import { AlreadyExistsError, FailedPreconditionError, NotFoundError, type DomainError } from '@shop/rpc';
import type { ReservationsRepository } from './reservations-repository';
import { sameItems, sortedBySku, type Reservation, type ReservationItem } from './reservation';
import type { InventoryMetrics } from '../metrics';

export interface ReservationsOptions {
  repository: ReservationsRepository;
  ttlMs: number;
  /** Told, after each commit, which products' stock changed (the catalog cache drops them). */
  onStockChanged: (skus: string[]) => Promise<void>;
  metrics: InventoryMetrics;
}

/**
 * What one transaction decided. Some refusals still change state (a lapsed hold found by a commit is
 * expired and its stock returned), so the transaction commits and the error is thrown afterwards.
 */
interface Outcome {
  reservation: Reservation;
  stockChanged: string[];
  /** The state change made, counted once the transaction committed (a retried attempt must not count twice). */
  transition?: 'held' | 'committed' | 'released' | 'expired';
  error?: DomainError;
}

/**
 * Stock reservations. Every mutation is one transaction that locks the reservation row first and
 * then the product rows in sku order, so concurrent calls serialise per order and per product and
 * never deadlock against each other or the sweeper.
 */
export class Reservations {
  constructor(private readonly options: ReservationsOptions) {}

  /** All or nothing, idempotent by order_id (see ReserveStock in the proto). */
  async reserve(orderId: string, requested: readonly ReservationItem[]): Promise<Reservation> {
    const items = sortedBySku(requested);
    return this.run(async (tx) => {
      const held = await this.options.repository.insertHeld(tx, orderId, items, this.options.ttlMs);
      if (held) {
        await this.takeFromShelf(tx, orderId, items); // throws (rolling back the insert) if anything is short
        return { reservation: held, stockChanged: items.map((item) => item.sku), transition: 'held' };
      }
      // A repeat: the row may have been committed by a concurrent first attempt a moment ago.
      const existing = await this.mustLock(tx, orderId);
      if (!sameItems(existing.items, items)) {
        throw new AlreadyExistsError(`a reservation for order ${orderId} exists with different items`);
      }
      if (existing.holdLapsed) return this.expire(tx, existing, this.expiredError(orderId));
      if (existing.state === 'RELEASED' || existing.state === 'EXPIRED') {
        throw new FailedPreconditionError(
          `the reservation for order ${orderId} is ${existing.state}; a returned reservation is never held again`,
        );
      }
      return { reservation: existing, stockChanged: [] };
    });
  }

  /** HELD -> COMMITTED; idempotent. A lapsed hold is expired instead and refused. */
  async commit(orderId: string): Promise<Reservation> {
    // The usual case, a live hold, in one statement; every other case in the transaction below.
    const committed = await this.options.repository.commitHeld(orderId);
    if (committed) {
      this.options.metrics.reservations.inc({ outcome: 'committed' });
      return committed;
    }
    return this.run(async (tx) => {
      const reservation = await this.lockOrThrow(tx, orderId);
      if (reservation.state === 'COMMITTED') return { reservation, stockChanged: [] };
      if (reservation.holdLapsed) return this.expire(tx, reservation, this.expiredError(orderId));
      if (reservation.state !== 'HELD') {
        throw new FailedPreconditionError(`the reservation for order ${orderId} is ${reservation.state}`);
      }
      await this.options.repository.setState(tx, [orderId], 'COMMITTED');
      // The units left the shelf when they were held: available stock does not change.
      return { reservation: await this.mustLock(tx, orderId), stockChanged: [], transition: 'committed' };
    });
  }

  /** HELD or COMMITTED -> RELEASED, returning the stock once; idempotent. */
  async release(orderId: string): Promise<Reservation> {
    return this.run(async (tx) => {
      const reservation = await this.lockOrThrow(tx, orderId);
      if (reservation.state === 'RELEASED' || reservation.state === 'EXPIRED') return { reservation, stockChanged: [] };
      // A lapsed hold expired before anyone released it; record it as what it is.
      if (reservation.holdLapsed) return this.expire(tx, reservation);
      await this.putBackOnShelf(tx, reservation.items);
      await this.options.repository.setState(tx, [orderId], 'RELEASED');
      const released = await this.mustLock(tx, orderId);
      return { reservation: released, stockChanged: reservation.items.map((item) => item.sku), transition: 'released' };
    });
  }

  async get(orderId: string): Promise<Reservation> {
    const reservation = await this.options.repository.find(orderId);
    if (!reservation) throw new NotFoundError(`no reservation for order ${orderId}`);
    return reservation;
  }

  /**
   * The sweeper's step: expires up to `limit` lapsed holds and returns their stock, in one
   * transaction. Returns how many it expired.
   */
  async expireLapsedHolds(limit: number): Promise<number> {
    const { expired, skus } = await this.options.repository.transaction(async (tx) => {
      const orderIds = await this.options.repository.claimLapsedHolds(tx, limit);
      if (orderIds.length === 0) return { expired: 0, skus: [] };
      const items = await this.options.repository.heldItems(tx, orderIds);
      await this.putBackOnShelf(tx, items);
      await this.options.repository.setState(tx, orderIds, 'EXPIRED');
      return { expired: orderIds.length, skus: items.map((item) => item.sku) };
    });
    if (expired > 0) this.options.metrics.reservations.inc({ outcome: 'expired' }, expired);
    await this.options.onStockChanged(skus);
    return expired;
  }

  /** Runs one transaction; after it commits, invalidates what changed, then answers or refuses. */
  private async run(step: (tx: TransactionClient) => Promise<Outcome>): Promise<Reservation> {
    const outcome = await this.options.repository.transaction(step);
    if (outcome.transition) this.options.metrics.reservations.inc({ outcome: outcome.transition });
    if (outcome.stockChanged.length > 0) await this.options.onStockChanged(outcome.stockChanged);
    if (outcome.error) throw outcome.error;
    return outcome.reservation;
  }

  private async takeFromShelf(tx: TransactionClient, orderId: string, items: readonly ReservationItem[]): Promise<void> {
    const { available, taken } = await this.options.repository.takeStock(tx, orderId, items);
    if (taken === items.length) return;
    const unknown = items.filter((item) => !available.has(item.sku)).map((item) => item.sku);
    if (unknown.length > 0) throw new NotFoundError(`unknown sku: ${unknown.join(', ')}`);
    const short = items.find((item) => (available.get(item.sku) ?? 0) < item.quantity);
    if (short) {
      throw new FailedPreconditionError(
        `not enough stock for sku ${short.sku}: ${short.quantity} requested, ${available.get(short.sku)} available; nothing reserved`,
      );
    }
    // Every item was there under the row locks, so all were taken; the check is the guarantee.
    throw new Error(`took stock of ${taken} of ${items.length} products under lock`);
  }

  private async putBackOnShelf(tx: TransactionClient, items: readonly ReservationItem[]): Promise<void> {
    await this.options.repository.lockStock(
      tx,
      items.map((item) => item.sku),
    );
    await this.options.repository.returnStock(tx, items);
  }

  /** Expires a lapsed hold now (as the sweeper would have) and reports it. */
  private async expire(tx: TransactionClient, reservation: Reservation, error?: DomainError): Promise<Outcome> {
    await this.putBackOnShelf(tx, reservation.items);
    await this.options.repository.setState(tx, [reservation.orderId], 'EXPIRED');
    const expired = await this.mustLock(tx, reservation.orderId);
    const stockChanged = reservation.items.map((item) => item.sku);
    return { reservation: expired, stockChanged, transition: 'expired', ...(error ? { error } : {}) };
  }

  private expiredError(orderId: string): FailedPreconditionError {
    return new FailedPreconditionError(`the reservation for order ${orderId} expired`);
  }

  private async lockOrThrow(tx: TransactionClient, orderId: string): Promise<Reservation> {
    const reservation = await this.options.repository.lock(tx, orderId);
    if (!reservation) throw new NotFoundError(`no reservation for order ${orderId}`);
    return reservation;
  }

  private async mustLock(tx: TransactionClient, orderId: string): Promise<Reservation> {
    const reservation = await this.options.repository.lock(tx, orderId);
    if (!reservation) throw new Error(`reservation ${orderId} vanished inside its transaction`);
    return reservation;
  }
}
