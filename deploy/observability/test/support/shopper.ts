import { randomBytes, randomUUID } from 'node:crypto';

const YEAR = new Date().getUTCFullYear() + 2;
export const CARDS = {
  approved: '4242424242424242',
  /** The simulated processor fails this one with UNAVAILABLE (apps/payment/src/processor.ts). */
  processorError: '4000000000000119',
} as const;

/** One shopper through the gateway's REST API: signs up once, then checks out one product per call. */
export class Shopper {
  private constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  static async signUp(gatewayUrl: string): Promise<Shopper> {
    const email = `observability.${randomBytes(6).toString('hex')}@example.com`;
    const password = `Obs-${randomBytes(12).toString('base64url')}`;
    const anonymous = new Shopper(`${gatewayUrl}/api/v1`, '');
    await anonymous.call('POST', '/auth/register', { email, password }, [202]);
    const login = await anonymous.call('POST', '/auth/login', { email, password }, [200]);
    return new Shopper(`${gatewayUrl}/api/v1`, (login as { accessToken: string }).accessToken);
  }

  /**
   * Puts `sku` in the cart and checks out with `card`. The gateway starts a trace of its own for the
   * request and names it in the `traceresponse` header: its spans in every service belong to it.
   */
  async checkout(sku: string, card: string): Promise<{ state: string; traceId: string }> {
    await this.call('PUT', `/cart/items/${encodeURIComponent(sku)}`, { quantity: 1 }, [200]);
    const body = { card: { number: card, expMonth: 12, expYear: YEAR, cvc: '123', holderName: 'Observability Test' } };
    let traceId = '';
    const order = (await this.call('POST', '/orders', body, [201, 202], { 'Idempotency-Key': randomUUID() }, (headers) => {
      traceId = /^00-([0-9a-f]{32})-/.exec(headers.get('traceresponse') ?? '')?.[1] ?? '';
    })) as { state: string };
    if (!traceId) throw new Error('the checkout answer names no trace (traceresponse header)');
    return { state: order.state, traceId };
  }

  async inStockSku(): Promise<string> {
    const page = (await this.call('GET', '/products?pageSize=50', undefined, [200])) as { products: Array<{ sku: string; availableStock: number }> };
    const product = page.products.find((candidate) => candidate.availableStock > 100);
    if (!product) throw new Error('no product with stock in the seeded catalog');
    return product.sku;
  }

  private async call(
    method: string,
    path: string,
    json: unknown,
    expected: number[],
    headers: Record<string, string> = {},
    onHeaders?: (headers: Headers) => void,
  ): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: json === undefined ? undefined : JSON.stringify(json),
      signal: AbortSignal.timeout(15_000),
    });
    onHeaders?.(response.headers);
    const text = await response.text();
    if (!expected.includes(response.status)) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }
}
