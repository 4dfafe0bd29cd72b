import { remainingMs } from '@shop/context';
import type { Logger } from '@shop/logging';
import { FailedPreconditionError, NotFoundError, UnavailableError, type ServiceClient } from '@shop/rpc';
import type { InventoryServiceDefinition } from '@shop/rpc/generated/shop/inventory/v1/InventoryService';
import type { Card } from '@shop/rpc/generated/shop/payment/v1/Card';
import { randomUUID } from 'node:crypto';
import { priceCart, type CartStore } from './cart';
import type { OrderLine, OrderRecord } from './order';
import type { OrdersRepository, PageCursor } from './orders-repository';
import type { CheckoutSaga } from './saga';

export interface OrdersDeps {
  repository: OrdersRepository;
  saga: CheckoutSaga;
  carts: CartStore;
  inventory: ServiceClient<InventoryServiceDefinition>;
  /** The shop's one currency: every order is in it (see priceCart). */
  currencyCode: string;
  /** How long a repeated call waits for the first one's order when the call has no deadline. */
  maxWaitMs: number;
  logger: Logger;
}

interface PricedOrder {
  items: OrderLine[];
  totalMinor: number;
  currencyCode: string;
}

/** Left of a caller's budget when a waiting call stops waiting, to answer in time. */
const ANSWER_MARGIN_MS = 100;

/** OrderService's domain: checkout, reads, cancellation. */
export class Orders {
  constructor(private readonly deps: OrdersDeps) {}

  /**
   * Places the order for the user's cart, once per (user, key): the call that inserts the order
   * drives the saga; any concurrent or later repeat waits for that order instead.
   */
  async place(userId: string, idempotencyKey: string, card: Card): Promise<OrderRecord> {
    const { repository, saga } = this.deps;
    // A repeat answers with the first order whatever the cart holds now (it is cleared on success).
    // The key is looked up only when this call cannot place an order itself (an empty or unsellable
    // cart, or a cart that could not be priced) or when the insert finds it taken: a first call, the
    // usual one, reads no order first.
    let cart: PricedOrder;
    try {
      cart = await this.priceOrder(userId);
    } catch (error) {
      // A failed lookup leaves the original error as the answer.
      const existing = await repository.findByKey(userId, idempotencyKey).catch(() => undefined);
      if (existing) return this.waitWhile(existing, (order) => order.state === 'PENDING');
      throw error;
    }

    const orderId = randomUUID();
    const driver = randomUUID();
    const order = await repository.insertPending(
      {
        id: orderId,
        userId,
        idempotencyKey,
        totalMinor: cart.totalMinor,
        currencyCode: cart.currencyCode,
        items: cart.items,
      },
      driver,
      saga.leaseTerms(),
    );
    if (!order) {
      // Lost the race to a concurrent identical call: its order is the order.
      const winner = await repository.findByKey(userId, idempotencyKey);
      if (!winner) throw new Error(`order for key ${idempotencyKey} vanished after a conflict`);
      return this.waitWhile(winner, (current) => current.state === 'PENDING');
    }
    this.deps.logger.info({ orderId, userId, to: 'PENDING/RESERVING', totalMinor: order.totalMinor }, 'order transition');
    return saga.drive(order, driver, card);
  }

  /** The user's cart priced for an order; FAILED_PRECONDITION when there is nothing it can place. */
  private async priceOrder(userId: string): Promise<PricedOrder> {
    const lines = await this.deps.carts.read(userId);
    if (lines.length === 0) throw new FailedPreconditionError('the cart is empty');
    const cart = await priceCart(this.deps.inventory, userId, lines, this.deps.currencyCode);
    const items = cart.lines.flatMap((line) =>
      line.unitPriceMinor === undefined ? [] : [{ sku: line.sku, name: line.name, quantity: line.quantity, unitPriceMinor: line.unitPriceMinor }],
    );
    if (items.length < cart.lines.length) {
      const unsold = cart.lines.filter((line) => line.unitPriceMinor === undefined).map((line) => line.sku);
      throw new FailedPreconditionError(`the cart holds products no longer sold in ${cart.currencyCode}: ${unsold.join(', ')}`);
    }
    return { items, totalMinor: cart.totalMinor, currencyCode: cart.currencyCode };
  }

  async get(userId: string, orderId: string): Promise<OrderRecord> {
    const order = await this.deps.repository.findForUser(userId, orderId);
    if (!order) throw new NotFoundError(`no order ${orderId}`);
    return order;
  }

  list(userId: string, pageSize: number, cursor: PageCursor | undefined) {
    return this.deps.repository.listForUser(userId, pageSize, cursor);
  }

  /**
   * Cancels a CONFIRMED order: the cancellation is recorded first (step CANCELLING), then refund and
   * release run; if they cannot finish now, recovery finishes them and a retry returns the result.
   */
  async cancel(userId: string, orderId: string): Promise<OrderRecord> {
    const { repository, saga } = this.deps;
    const order = await this.get(userId, orderId);
    if (order.state === 'CANCELLED') return order;
    if (order.state === 'PENDING') throw new FailedPreconditionError('checkout is still running: retry once the order is terminal');
    if (order.state === 'FAILED') throw new FailedPreconditionError('a failed order has nothing to cancel');

    const driver = randomUUID();
    const claimed = await repository.claim(order.id, driver, { state: 'CONFIRMED', step: order.step }, { step: 'CANCELLING' }, saga.leaseTerms());
    const result = claimed
      ? await saga.drive(claimed, driver)
      : // Another driver holds it (a concurrent cancel, or recovery): wait for its result.
        await this.waitWhile(await this.get(userId, orderId), (current) => current.step === 'CANCELLING');
    if (result.state === 'CANCELLED') return result;
    throw new UnavailableError('the cancellation is recorded and will be completed; retry to see it done');
  }

  /** Re-reads the order while `pending` holds, within the call's budget; returns the last read. */
  private async waitWhile(order: OrderRecord, pending: (order: OrderRecord) => boolean): Promise<OrderRecord> {
    const left = remainingMs();
    const until = Date.now() + (left === undefined ? this.deps.maxWaitMs : left - ANSWER_MARGIN_MS);
    let current = order;
    let pauseMs = 25;
    while (pending(current)) {
      const wait = Math.min(pauseMs, until - Date.now());
      if (wait <= 0) break;
      await new Promise((resolve) => setTimeout(resolve, wait));
      pauseMs = Math.min(pauseMs * 2, 250);
      current = (await this.deps.repository.findById(current.id)) ?? current;
    }
    return current;
  }
}
