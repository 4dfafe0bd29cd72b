import { query } from '@shop/db';
import type { Pool } from 'pg';
import type { OrderLine, OrderRecord, OrderStatus, SagaStep, Transition } from './order';

/** Where a page of ListOrders ended: the exact (created_at, id) of its last order. */
export interface PageCursor {
  /** Postgres' own text of created_at, to keep its microseconds (a JS Date has milliseconds). */
  createdAt: string;
  id: string;
}

interface OrderRow {
  id: string;
  user_id: string;
  idempotency_key: string;
  state: OrderStatus;
  step: SagaStep | null;
  total_minor: string;
  currency_code: string;
  failure_reason: string | null;
  attempts: number;
  created_at: Date;
  updated_at: Date;
  created_cursor: string;
  items: OrderLine[];
}

const ORDER_FIELDS = `id, user_id, idempotency_key, state, step, total_minor, currency_code, failure_reason,
  attempts, created_at, updated_at, created_at::text AS created_cursor`;

/**
 * An order with its lines, read in the statement that reads (or moves) the order: `orders.id` is
 * the row being returned, so this works in a SELECT and in an UPDATE's RETURNING alike.
 */
const ORDER_COLUMNS = `${ORDER_FIELDS},
  (SELECT coalesce(json_agg(json_build_object('sku', i.sku, 'name', i.name, 'quantity', i.quantity,
                                              'unitPriceMinor', i.unit_price_minor) ORDER BY i.position), '[]'::json)
     FROM order_items i WHERE i.order_id = orders.id) AS items`;

/** The SQL of orders and their lines; every write that moves a saga is a compare-and-set on its step. */
export class OrdersRepository {
  constructor(private readonly db: Pool) {}

  /**
   * Inserts a PENDING order at RESERVING with its lines, leased to `owner`, unless (user, key)
   * already has one. Returns the new order, or undefined when the key was taken. One statement, so
   * the order and its lines are written atomically in one round trip.
   */
  async insertPending(
    order: { id: string; userId: string; idempotencyKey: string; totalMinor: number; currencyCode: string; items: OrderLine[] },
    owner: string,
    lease: { leaseMs: number; staleMs: number },
  ): Promise<OrderRecord | undefined> {
    const { rows } = await query<Omit<OrderRow, 'items'>>(
      this.db,
      `WITH inserted AS (
         INSERT INTO orders (id, user_id, idempotency_key, state, step, total_minor, currency_code,
                             lease_owner, lease_until, next_attempt_at)
         VALUES ($1, $2, $3, 'PENDING', 'RESERVING', $4, $5, $6,
                 now() + $7 * interval '1 millisecond', now() + $8 * interval '1 millisecond')
         ON CONFLICT (user_id, idempotency_key) DO NOTHING
         RETURNING ${ORDER_FIELDS}
       ), lines AS (
         INSERT INTO order_items (order_id, sku, name, quantity, unit_price_minor, position)
         SELECT inserted.id, line.sku, line.name, line.quantity, line.unit_price_minor, line.position
           FROM inserted,
                unnest($9::text[], $10::text[], $11::int[], $12::bigint[]) WITH ORDINALITY
                  AS line(sku, name, quantity, unit_price_minor, position)
       )
       SELECT * FROM inserted`,
      [
        order.id,
        order.userId,
        order.idempotencyKey,
        order.totalMinor,
        order.currencyCode,
        owner,
        lease.leaseMs,
        lease.staleMs,
        order.items.map((item) => item.sku),
        order.items.map((item) => item.name),
        order.items.map((item) => item.quantity),
        order.items.map((item) => item.unitPriceMinor),
      ],
    );
    const row = rows[0];
    return row && toOrder({ ...row, items: order.items });
  }

  async findByKey(userId: string, idempotencyKey: string): Promise<OrderRecord | undefined> {
    const { rows } = await query<OrderRow>(
      this.db,
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE user_id = $1 AND idempotency_key = $2`,
      [userId, idempotencyKey],
    );
    return rows[0] && toOrder(rows[0]);
  }

  /** The order, only if it belongs to `userId`. */
  async findForUser(userId: string, orderId: string): Promise<OrderRecord | undefined> {
    const { rows } = await query<OrderRow>(
      this.db,
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1 AND user_id = $2`,
      [orderId, userId],
    );
    return rows[0] && toOrder(rows[0]);
  }

  async findById(orderId: string): Promise<OrderRecord | undefined> {
    const { rows } = await query<OrderRow>(this.db, `SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1`, [orderId]);
    return rows[0] && toOrder(rows[0]);
  }

  /** One page of the user's orders, newest first, after `cursor`; `next` is set when more may follow. */
  async listForUser(
    userId: string,
    limit: number,
    cursor: PageCursor | undefined,
  ): Promise<{ orders: OrderRecord[]; next: PageCursor | undefined }> {
    const { rows } = await query<OrderRow>(
      this.db,
      `SELECT ${ORDER_COLUMNS} FROM orders
       WHERE user_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
       ORDER BY created_at DESC, id DESC
       LIMIT $4`,
      [userId, cursor?.createdAt ?? null, cursor?.id ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const next = rows.length > limit && last ? { createdAt: last.created_cursor, id: last.id } : undefined;
    return { orders: page.map(toOrder), next };
  }

  /**
   * Moves the saga of `order` from step `from` to `to`, only while `owner` holds the order (the
   * lease is renewed by the same statement). Returns the updated order, or undefined when the order is no
   * longer this driver's to move.
   */
  async transition(
    order: Pick<OrderRecord, 'id' | 'items'>,
    owner: string,
    from: SagaStep,
    to: Transition,
    lease: { leaseMs: number; staleMs: number },
  ): Promise<OrderRecord | undefined> {
    // An order's lines never change once inserted: they come from the caller's copy, not from a
    // subquery per transition.
    const { rows } = await query<Omit<OrderRow, 'items'>>(
      this.db,
      `UPDATE orders SET
         state = $4,
         step = $5,
         failure_reason = CASE WHEN $6::boolean THEN $7 ELSE failure_reason END,
         lease_owner = CASE WHEN $5::text IS NULL THEN NULL ELSE lease_owner END,
         lease_until = CASE WHEN $5::text IS NULL THEN NULL ELSE now() + $8 * interval '1 millisecond' END,
         next_attempt_at = CASE WHEN $5::text IS NULL THEN NULL ELSE now() + $9 * interval '1 millisecond' END,
         updated_at = now()
       WHERE id = $1 AND lease_owner = $2 AND step = $3
       RETURNING ${ORDER_FIELDS}`,
      [order.id, owner, from, to.state, to.step, to.failureReason !== undefined, to.failureReason ?? null, lease.leaseMs, lease.staleMs],
    );
    const row = rows[0];
    return row && toOrder({ ...row, items: order.items });
  }

  /**
   * Takes the lease of an order at rest or in flight whose lease is free, e.g. to start or resume a
   * cancellation. `expect` guards the state it was read in.
   */
  async claim(
    orderId: string,
    owner: string,
    expect: { state: OrderStatus; step: SagaStep | null },
    set: { step: SagaStep },
    lease: { leaseMs: number; staleMs: number },
  ): Promise<OrderRecord | undefined> {
    const { rows } = await query<OrderRow>(
      this.db,
      `UPDATE orders SET
         step = $5,
         lease_owner = $2,
         lease_until = now() + $6 * interval '1 millisecond',
         next_attempt_at = now() + $7 * interval '1 millisecond',
         updated_at = CASE WHEN step IS DISTINCT FROM $5 THEN now() ELSE updated_at END
       WHERE id = $1 AND state = $3 AND step IS NOT DISTINCT FROM $4
         AND (lease_until IS NULL OR lease_until < now() OR lease_owner = $2)
       RETURNING ${ORDER_COLUMNS}`,
      [orderId, owner, expect.state, expect.step, set.step, lease.leaseMs, lease.staleMs],
    );
    return rows[0] && toOrder(rows[0]);
  }

  /** Gives the order back after a step with an unknown outcome: recovery may take it after `retryInMs`. */
  async letGo(orderId: string, owner: string, retryInMs: number): Promise<void> {
    await query(
      this.db,
      `UPDATE orders SET lease_owner = NULL, lease_until = NULL,
         next_attempt_at = now() + $3 * interval '1 millisecond'
       WHERE id = $1 AND lease_owner = $2 AND step IS NOT NULL`,
      [orderId, owner, retryInMs],
    );
  }

  /** Orders whose saga has not come to rest, and the age in seconds of the oldest of them. */
  async backlog(): Promise<{ count: number; oldestSeconds: number }> {
    const { rows } = await query<{ count: number; oldest_seconds: number }>(
      this.db,
      `SELECT count(*)::int AS count,
              COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS oldest_seconds
         FROM orders WHERE step IS NOT NULL`,
    );
    const row = rows[0];
    return { count: row?.count ?? 0, oldestSeconds: row?.oldest_seconds ?? 0 };
  }

  /**
   * Claims up to `limit` sagas that are due (untouched for long enough, past their backoff) and
   * whose lease is free. SKIP LOCKED lets several replicas claim side by side without waiting on,
   * or taking, each other's rows.
   */
  async claimDue(owner: string, limit: number, leaseMs: number): Promise<OrderRecord[]> {
    const { rows } = await query<OrderRow>(
      this.db,
      `UPDATE orders SET lease_owner = $1, lease_until = now() + $3 * interval '1 millisecond', attempts = attempts + 1
       WHERE id IN (
         SELECT id FROM orders
         WHERE step IS NOT NULL AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
         ORDER BY next_attempt_at
         LIMIT $2
         FOR UPDATE SKIP LOCKED)
       RETURNING ${ORDER_COLUMNS}`,
      [owner, limit, leaseMs],
    );
    return rows.map(toOrder);
  }
}

function toOrder(row: OrderRow): OrderRecord {
  return {
    id: row.id,
    userId: row.user_id,
    idempotencyKey: row.idempotency_key,
    state: row.state,
    step: row.step,
    totalMinor: Number(row.total_minor),
    currencyCode: row.currency_code,
    failureReason: row.failure_reason,
    attempts: row.attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    items: row.items, // json: bigint prices arrive as numbers (totals are kept below 2^53)
  };
}
