import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayClient, RequestFailed } from './gateway-client';
import type { Stats } from './stats';

const YEAR = new Date().getUTCFullYear() + 3;
/** The payment service's test cards (apps/payment/README.md). */
const CARDS = {
  approved: { number: '4242424242424242', expMonth: 12, expYear: YEAR, cvc: '123', holderName: 'Load Generator' },
  declined: { number: '4000000000000002', expMonth: 12, expYear: YEAR, cvc: '123', holderName: 'Load Generator' },
};

interface Product {
  sku: string;
  availableStock: number;
}

/**
 * One virtual user: signs up once, then runs shopping journeys with its token: browse the catalog,
 * look at a product in stock, put it in the cart, check out (the card approves, or is declined by
 * design for `declineRatio` of checkouts), and read its orders.
 */
export class Shopper {
  private token = '';

  constructor(
    private readonly api: GatewayClient,
    private readonly declineRatio: number,
    private readonly pageSize: number,
  ) {}

  /**
   * Registers and logs in. Auth is strictly rate limited per client address at the edge, so a 429
   * waits out its Retry-After (capped) and tries again until `deadline` (epoch ms).
   */
  async signUp(stats: Stats, deadline: number): Promise<void> {
    const email = `loadgen.${randomBytes(6).toString('hex')}@example.com`;
    const password = `Lg-${randomBytes(12).toString('base64url')}`;
    await this.withRetryAfter(deadline, () => this.api.call(stats, 'register', 'POST', '/auth/register', { json: { email, password }, expect: [202] }));
    const login = await this.withRetryAfter(deadline, () =>
      this.api.call(stats, 'login', 'POST', '/auth/login', { json: { email, password }, expect: [200] }),
    );
    this.token = login.body.accessToken;
  }

  /** One journey; throws RequestFailed at the first request that fails (counted already). */
  async journey(stats: Stats): Promise<void> {
    const token = this.token;
    const sku = pick(stats, 'browse', await this.inStock(stats));
    await this.api.call(stats, 'product', 'GET', `/products/${encodeURIComponent(sku)}`, { expect: [200] });
    await this.buyOne(stats, sku);
    await this.api.call(stats, 'list_orders', 'GET', '/orders?pageSize=5', { token, expect: [200] });
  }

  /** What checkout alone costs: a cart of one line of one of `skus`, then checkout. */
  async checkoutOnly(stats: Stats, skus: readonly string[]): Promise<void> {
    await this.buyOne(stats, pick(stats, 'add_to_cart', skus));
  }

  /** The skus on the first catalog page that are in stock. */
  async inStock(stats: Stats): Promise<string[]> {
    const page = await this.api.call(stats, 'browse', 'GET', `/products?pageSize=${this.pageSize}`, { expect: [200] });
    return (page.body.products as Product[]).filter((product) => product.availableStock > 0).map((product) => product.sku);
  }

  /** Puts one unit of `sku` in the cart and checks out. */
  private async buyOne(stats: Stats, sku: string): Promise<void> {
    const token = this.token;
    await this.api.call(stats, 'add_to_cart', 'PUT', `/cart/items/${encodeURIComponent(sku)}`, { token, json: { quantity: 1 }, expect: [200] });
    const declined = declinedCard(stats.checkouts++, this.declineRatio);
    const checkout = await this.api.call(stats, 'checkout', 'POST', '/orders', {
      token,
      json: { card: declined ? CARDS.declined : CARDS.approved },
      headers: { 'Idempotency-Key': randomUUID() },
      expect: [201, 202],
    });
    this.judgeOrder(stats, declined, checkout.body);
  }

  /** A declined card must end FAILED with payment_declined, an approved one CONFIRMED; PENDING is slow, not wrong. */
  private judgeOrder(stats: Stats, declined: boolean, order: { state?: string; failureReason?: string | null }): void {
    if (order.state === 'PENDING') return stats.outcome('order_pending');
    if (declined && order.state === 'FAILED' && order.failureReason === 'payment_declined') return stats.outcome('order_declined');
    if (!declined && order.state === 'CONFIRMED') return stats.outcome('order_confirmed');
    const kind = `order_${order.state ?? 'unknown'}_${order.failureReason ?? 'no_reason'}`.toLowerCase();
    stats.journeyError(`${declined ? 'declined card' : 'approved card'} ended ${kind}`);
    throw new RequestFailed('checkout', kind);
  }

  private async withRetryAfter<T>(deadline: number, call: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await call();
      } catch (error) {
        // Sign-up and login are safe to repeat (register answers alike and never makes a second
        // account): wait as told on 429, a second on 503/504 (password hashing is slow when busy).
        const kind = error instanceof RequestFailed ? error.kind : '';
        const waitSeconds = kind === 'http_429' ? ((error as RequestFailed).retryAfterSeconds ?? 1) : kind === 'http_503' || kind === 'http_504' ? 1 : 0;
        const waitMs = Math.min(waitSeconds, 30) * 1000;
        if (waitMs === 0 || Date.now() + waitMs > deadline) throw error;
        await sleep(waitMs);
      }
    }
  }
}

/** One of `skus` at random; a journey error when there is none to buy. */
function pick(stats: Stats, step: string, skus: readonly string[]): string {
  const sku = skus[randomInt(Math.max(1, skus.length))];
  if (sku === undefined) {
    stats.journeyError('nothing_in_stock');
    throw new RequestFailed(step, 'nothing_in_stock');
  }
  return sku;
}

/**
 * Whether checkout number `index` (from 0) of a phase pays with the declined card: a fixed schedule,
 * not a coin toss, so every phase declines exactly `ratio` of its checkouts, its first one included
 * (a short run at 0.3 declines one, then approves two).
 */
export function declinedCard(index: number, ratio: number): boolean {
  return Math.ceil((index + 1) * ratio) > Math.ceil(index * ratio);
}
