import { query, withTransaction, type TransactionClient } from '@shop/db';
import type { Pool } from 'pg';
import type { Reservation, ReservationItem, ReservationState } from './reservation';

interface ReservationRow {
  order_id: string;
  state: ReservationState;
  expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
  hold_lapsed: boolean;
  items: ReservationItem[];
}

/** A reservation with its items, from a row `r` of reservations (read or just written). */
const RESERVATION_COLUMNS = `r.order_id, r.state, r.expires_at, r.created_at, r.updated_at,
  (r.state = 'HELD' AND r.expires_at <= now()) AS hold_lapsed,
  (SELECT coalesce(json_agg(json_build_object('sku', i.sku, 'quantity', i.quantity) ORDER BY i.sku), '[]'::json)
     FROM reservation_items i WHERE i.order_id = r.order_id) AS items`;

const RESERVATION_SELECT = `SELECT ${RESERVATION_COLUMNS} FROM reservations r WHERE r.order_id = $1`;

function toReservation(row: ReservationRow): Reservation {
  return {
    orderId: row.order_id,
    state: row.state,
    items: row.items,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    holdLapsed: row.hold_lapsed,
  };
}

/**
 * The reservations and reservation_items tables, and the stock column of products as reservations
 * move it. Statements that take `tx` run inside a transaction the caller opened with `transaction`,
 * so the domain can decide between them; the others run on their own, bounded by the call's deadline.
 */
export class ReservationsRepository {
  constructor(private readonly db: Pool) {}

  /** Runs `fn` as one transaction (@shop/db's withTransaction: bounded by the deadline, retried on serialization failures). */
  transaction<T>(fn: (tx: TransactionClient) => Promise<T>): Promise<T> {
    return withTransaction(this.db, fn);
  }

  async find(orderId: string): Promise<Reservation | undefined> {
    const { rows } = await query<ReservationRow>(this.db, RESERVATION_SELECT, [orderId]);
    return rows[0] && toReservation(rows[0]);
  }

  /** Reads a reservation and locks it until the transaction ends: its state changes are serialised. */
  async lock(tx: TransactionClient, orderId: string): Promise<Reservation | undefined> {
    const { rows } = await tx.query<ReservationRow>(`${RESERVATION_SELECT} FOR UPDATE OF r`, [orderId]);
    return rows[0] && toReservation(rows[0]);
  }

  /**
   * Claims order_id for a new HELD reservation of `items`, returning it as it stands once
   * `takeStock` has put the items in it (the caller runs both in one transaction); undefined when one
   * exists already. The primary key, not a prior SELECT, decides, so concurrent first attempts cannot
   * both win (the loser waits for the winner's transaction and then sees its row).
   */
  async insertHeld(tx: TransactionClient, orderId: string, items: readonly ReservationItem[], ttlMs: number): Promise<Reservation | undefined> {
    const { rows } = await tx.query<Omit<ReservationRow, 'items' | 'hold_lapsed'>>(
      `INSERT INTO reservations (order_id, state, expires_at)
       VALUES ($1, 'HELD', now() + $2 * interval '1 millisecond')
       ON CONFLICT (order_id) DO NOTHING
       RETURNING order_id, state, expires_at, created_at, updated_at`,
      [orderId, ttlMs],
    );
    const row = rows[0];
    return row && toReservation({ ...row, items: [...items], hold_lapsed: false });
  }

  /**
   * Locks the product rows of `skus` in sku order (the row locks are taken as the sorted rows come
   * out) and returns their available stock. Unknown skus are absent from the map.
   */
  async lockStock(tx: TransactionClient, skus: readonly string[]): Promise<Map<string, number>> {
    const { rows } = await tx.query<{ sku: string; stock: number }>(
      'SELECT sku, stock FROM products WHERE sku = ANY($1::text[]) ORDER BY sku FOR UPDATE',
      [skus],
    );
    return new Map(rows.map((row) => [row.sku, row.stock]));
  }

  /**
   * Takes the items' quantities off the shelf and records them as the reservation's items, in one
   * statement, if every item is there in full: the product rows are locked in sku order first (as
   * lockStock locks them), then the update and the insert run only when the locked rows cover every
   * item; otherwise nothing changes. Returns the stock each product had under the lock (unknown skus
   * absent) and how many products it changed: fewer than `items.length` means the caller must roll
   * back. One round trip, where a lock and a take were two with the product rows locked in between.
   * The condition makes overselling impossible even without the lock; the CHECK (stock >= 0) backs
   * it in the schema.
   */
  async takeStock(tx: TransactionClient, orderId: string, items: readonly ReservationItem[]): Promise<{ available: Map<string, number>; taken: number }> {
    const { rows } = await tx.query<{ sku: string; stock: number; taken: number }>(
      `WITH wanted AS (SELECT * FROM unnest($2::text[], $3::int[]) AS i(sku, quantity)),
            shelf AS MATERIALIZED (SELECT sku, stock FROM products WHERE sku = ANY($2::text[]) ORDER BY sku FOR UPDATE),
            enough AS (
              SELECT count(*) = cardinality($2::text[]) AS every
                FROM shelf s JOIN wanted w ON w.sku = s.sku
               WHERE s.stock >= w.quantity),
            taken AS (
              UPDATE products p
                 SET stock = p.stock - w.quantity, updated_at = now()
                FROM wanted w
               WHERE p.sku = w.sku AND p.stock >= w.quantity AND (SELECT every FROM enough)
              RETURNING p.sku),
            recorded AS (
              INSERT INTO reservation_items (order_id, sku, quantity)
              SELECT $1, sku, quantity FROM wanted WHERE (SELECT every FROM enough))
       SELECT s.sku, s.stock, (SELECT count(*) FROM taken)::int AS taken FROM shelf s`,
      [orderId, items.map((item) => item.sku), items.map((item) => item.quantity)],
    );
    return { available: new Map(rows.map((row) => [row.sku, row.stock])), taken: rows[0]?.taken ?? 0 };
  }

  /**
   * HELD and not lapsed -> COMMITTED in one statement, outside any transaction: the row lock the
   * UPDATE takes serialises it with a release or the sweeper, and its condition is re-checked on
   * the row as they left it. Undefined when the reservation is anything else; the caller then takes
   * the transactional path, which tells the cases apart.
   */
  async commitHeld(orderId: string): Promise<Reservation | undefined> {
    const { rows } = await query<ReservationRow>(
      this.db,
      `WITH r AS (
         UPDATE reservations SET state = 'COMMITTED', expires_at = NULL, updated_at = now()
          WHERE order_id = $1 AND state = 'HELD' AND expires_at > now()
         RETURNING order_id, state, expires_at, created_at, updated_at)
       SELECT ${RESERVATION_COLUMNS} FROM r`,
      [orderId],
    );
    return rows[0] && toReservation(rows[0]);
  }

  /** Puts quantities back on the shelf; `items` must name each sku once (UPDATE ... FROM applies one row). */
  async returnStock(tx: TransactionClient, items: readonly ReservationItem[]): Promise<void> {
    await tx.query(
      `UPDATE products p
          SET stock = p.stock + i.quantity, updated_at = now()
         FROM unnest($1::text[], $2::int[]) AS i(sku, quantity)
        WHERE p.sku = i.sku`,
      [items.map((item) => item.sku), items.map((item) => item.quantity)],
    );
  }

  /** Moves reservations to `state`; a commit clears expires_at (a sale never expires). */
  async setState(tx: TransactionClient, orderIds: readonly string[], state: Exclude<ReservationState, 'HELD'>): Promise<void> {
    await tx.query(
      `UPDATE reservations
          SET state = $2,
              expires_at = CASE WHEN $2 = 'COMMITTED' THEN NULL ELSE expires_at END,
              updated_at = now()
        WHERE order_id = ANY($1::text[])`,
      [orderIds, state],
    );
  }

  /**
   * Claims up to `limit` HELD reservations past their expiry and locks them. SKIP LOCKED lets several
   * sweepers (one per replica) share the work without waiting on, or double-processing, each other,
   * and skips a hold a request is committing or releasing right now.
   */
  async claimLapsedHolds(tx: TransactionClient, limit: number): Promise<string[]> {
    const { rows } = await tx.query<{ order_id: string }>(
      `SELECT order_id FROM reservations
        WHERE state = 'HELD' AND expires_at <= now()
        ORDER BY expires_at
        LIMIT $1
        FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((row) => row.order_id);
  }

  /** What the given reservations hold, summed per sku, in sku order. */
  async heldItems(tx: TransactionClient, orderIds: readonly string[]): Promise<ReservationItem[]> {
    const { rows } = await tx.query<ReservationItem>(
      `SELECT sku, sum(quantity)::int AS quantity
         FROM reservation_items
        WHERE order_id = ANY($1::text[])
        GROUP BY sku
        ORDER BY sku`,
      [orderIds],
    );
    return rows;
  }
}
