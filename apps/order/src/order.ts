// The order as the domain knows it: its states, the saga's steps, the moves between them.

/** The order's lifecycle as callers see it (OrderState without the prefix). */
export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'FAILED' | 'CANCELLED';

/**
 * The saga step still to be done, named for the remote call it makes. Reaching a step records that
 * the call before it succeeded, so a step is persisted before its call and its successor after it.
 */
export type SagaStep = 'RESERVING' | 'CHARGING' | 'COMMITTING' | 'COMPENSATING' | 'CANCELLING';

export interface OrderLine {
  sku: string;
  name: string;
  quantity: number;
  unitPriceMinor: number;
}

export interface OrderRecord {
  id: string;
  userId: string;
  idempotencyKey: string;
  state: OrderStatus;
  step: SagaStep | null;
  totalMinor: number;
  currencyCode: string;
  failureReason: string | null;
  /** Times recovery has claimed the order: drives its backoff. */
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
  items: OrderLine[];
}

/** Where a transition leads. `step: null` puts the order at rest (and lets go of its lease). */
export interface Transition {
  state: OrderStatus;
  step: SagaStep | null;
  failureReason?: string | null;
}
