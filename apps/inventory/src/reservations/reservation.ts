/** HELD -> COMMITTED | RELEASED | EXPIRED, and COMMITTED -> RELEASED (see the proto). */
export type ReservationState = 'HELD' | 'COMMITTED' | 'RELEASED' | 'EXPIRED';

export interface ReservationItem {
  sku: string;
  quantity: number;
}

export interface Reservation {
  orderId: string;
  state: ReservationState;
  /** Sorted by sku. */
  items: ReservationItem[];
  /** Set while HELD (and kept once RELEASED/EXPIRED); null once COMMITTED. */
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** HELD and past expires_at by the database's clock, but not yet swept. */
  holdLapsed: boolean;
}

/**
 * Items sorted by sku: the order every transaction locks product rows in, so that two
 * transactions touching the same products can never wait on each other in a cycle (deadlock).
 */
export function sortedBySku<T extends { sku: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}

/** Whether a repeated ReserveStock asks for exactly what the reservation holds. */
export function sameItems(held: readonly ReservationItem[], requested: readonly ReservationItem[]): boolean {
  const a = sortedBySku(held);
  const b = sortedBySku(requested);
  return a.length === b.length && a.every((item, i) => item.sku === b[i]?.sku && item.quantity === b[i]?.quantity);
}
