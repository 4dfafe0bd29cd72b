import { durationMs, grpcTarget, integer, serviceEnv, z } from '@shop/config';

/** What order reads from its environment beyond the chassis's settings; the defaults run it on a laptop. */
export const orderConfig = z.object({
  ...serviceEnv({ port: 50054, adminPort: 9054 }),
  INVENTORY_ADDR: grpcTarget('dns:///127.0.0.1:50052'),
  PAYMENT_ADDR: grpcTarget('dns:///127.0.0.1:50053'),

  /** Every cart change renews this; an untouched cart disappears after it. */
  CART_TTL_SECONDS: integer(60, 365 * 24 * 3600).default(7 * 24 * 3600),
  /** Most units of one sku in a cart (enforced atomically, in the Redis script). */
  CART_MAX_QUANTITY_PER_LINE: integer(1, 10_000).default(99),
  /** Most lines in a cart; below BatchGetProducts' limit of 100 skus, so a cart always prices in one call. */
  CART_MAX_LINES: integer(1, 100).default(50),
  /** The shop's one currency (the demo catalog's by default): a product priced in another is refused in carts and never charged. */
  CURRENCY_CODE: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code like USD').default('EUR'),

  /** Budget of a downstream call made outside any incoming call (the recovery worker). */
  DOWNSTREAM_TIMEOUT_MS: durationMs(5_000),
  /**
   * How long a driver owns an order after each saga transition. Must exceed the longest remote call
   * a driver makes between two transitions, so that two drivers rarely overlap (overlap is still
   * safe: every call is idempotent and Refund fences Charge).
   */
  ORDER_LEASE_MS: durationMs(30_000),
  /** How often the recovery worker looks for stuck sagas. */
  RECOVERY_INTERVAL_MS: durationMs(2_000),
  /**
   * How long an order must sit untouched before recovery takes it. Longer than any checkout's
   * deadline, so that a call still in flight at the caller has ended at the callee first.
   */
  RECOVERY_STALE_MS: durationMs(30_000),
  /** Orders claimed per recovery batch (per replica). */
  RECOVERY_BATCH_SIZE: integer(1, 1_000).default(20),
  /** Deadline of one recovery batch: every call and statement in it; below ORDER_LEASE_MS. */
  RECOVERY_BATCH_TIMEOUT_MS: durationMs(15_000),
  /** Ceiling of the exponential backoff between recovery attempts of one order. */
  RECOVERY_MAX_BACKOFF_MS: durationMs(60_000),
  /** How long a repeated PlaceOrder waits for the first one's order when its call has no deadline. */
  PLACE_ORDER_MAX_WAIT_MS: durationMs(10_000),
});

export type OrderConfig = z.output<typeof orderConfig>;
