import { describe, expect, it } from 'vitest';
import { ApiClient } from './client';
import { ApiError, describeError, errorFromResponse, NetworkError, parseRetryAfter } from './problems';

const problem = (status: number, kind: string, extra: object = {}, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ type: `https://shop.example/problems/${kind}`, title: 'T', status, ...extra }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });

describe('errorFromResponse', () => {
  it('reads the problem type, detail and Retry-After', async () => {
    const error = await errorFromResponse(problem(429, 'rate-limited', { detail: 'slow down' }, { 'retry-after': '17' }));
    expect(error).toMatchObject({ status: 429, kind: 'rate-limited', retryAfterSeconds: 17, message: 'slow down' });
    expect(error.degraded).toBe(false);
  });

  it('still gives a status for a body that is not a problem (a proxy’s HTML page)', async () => {
    const error = await errorFromResponse(new Response('<h1>Bad gateway</h1>', { status: 502, headers: { 'content-type': 'text/html' } }));
    expect(error).toMatchObject({ status: 502, kind: 'http-502' });
  });

  it('treats 503, 504 and no answer as degraded', async () => {
    expect((await errorFromResponse(problem(503, 'unavailable'))).degraded).toBe(true);
    expect((await errorFromResponse(problem(504, 'timeout'))).degraded).toBe(true);
    expect(new NetworkError(new TypeError('fetch failed')).degraded).toBe(true);
    expect((await errorFromResponse(problem(500, 'internal'))).degraded).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2030-01-01T12:00:00Z');
  it('takes delay-seconds or an HTTP date, at least one second', () => {
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter('0', now)).toBe(1);
    expect(parseRetryAfter('Tue, 01 Jan 2030 12:00:42 GMT', now)).toBe(42);
    expect(parseRetryAfter('Tue, 01 Jan 2030 11:00:00 GMT', now)).toBe(1);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('describeError: a sentence the shopper can act on', () => {
  it('says when to retry after a 429 or a 503', () => {
    expect(describeError(new ApiError(429, 'rate-limited', {}, 12))).toBe('Too many requests in a short time. Please try again in 12 seconds.');
    expect(describeError(new ApiError(503, 'unavailable', {}, 1))).toBe('Part of the shop is unavailable right now. Please try again in 1 second.');
    expect(describeError(new ApiError(503, 'unavailable'))).toBe('Part of the shop is unavailable right now. Please try again shortly.');
    expect(describeError(new ApiError(504, 'timeout'))).toMatch(/took too long/);
    expect(describeError(new NetworkError(new TypeError('fetch failed')))).toMatch(/cannot be reached/);
  });

  it('names the invalid fields of a validation problem', () => {
    const error = new ApiError(400, 'validation', {
      errors: [
        { in: 'body', pointer: '/card/number', detail: 'digits only, 12 to 19 of them' },
        { in: 'body', pointer: '/card/expYear', detail: 'too small' },
      ],
    });
    expect(describeError(error)).toBe('Please check card number: digits only, 12 to 19 of them; card exp year: too small.');
  });

  it('uses the context for a 404, the detail for a 409, and the trace id for a 500', () => {
    expect(describeError(new ApiError(404, 'not-found'), { notFound: 'No such product.' })).toBe('No such product.');
    expect(describeError(new ApiError(409, 'conflict', { detail: 'the cart is empty' }))).toBe('This cannot be done now: the cart is empty.');
    expect(describeError(new ApiError(500, 'internal', { traceId: 'abc123' }))).toBe('Something went wrong on our side. Reference: abc123.');
    expect(describeError(new Error('boom'))).toMatch(/Reload/);
  });
});

describe('ApiClient', () => {
  const client = (respond: (url: string, init: RequestInit) => Response | Promise<Response>, token?: string) => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const api = new ApiClient({
      token: () => token,
      fetch: async (url, init) => {
        calls.push({ url: String(url), init: init ?? {} });
        return respond(String(url), init ?? {});
      },
    });
    let unauthenticated = 0;
    api.onUnauthenticated(() => (unauthenticated += 1));
    return { api, calls, unauthenticated: () => unauthenticated };
  };

  it('sends JSON with the Bearer token and returns the body', async () => {
    const { api, calls } = client(() => Response.json({ items: [] }), 'tok');
    const response = await api.request('/cart/items/A-1', { method: 'PUT', body: { quantity: 2 }, auth: true });
    expect(response).toMatchObject({ status: 200, body: { items: [] } });
    expect(calls[0]!.url).toBe('/api/v1/cart/items/A-1');
    expect(calls[0]!.init.headers).toMatchObject({ authorization: 'Bearer tok', 'content-type': 'application/json' });
    expect(calls[0]!.init.body).toBe('{"quantity":2}');
  });

  it('turns a refused token into ApiError 401 and tells the session, but not for public calls', async () => {
    const refused = client(() => problem(401, 'unauthenticated'), 'expired');
    await expect(refused.api.request('/cart', { auth: true })).rejects.toMatchObject({ status: 401 });
    expect(refused.unauthenticated()).toBe(1);
    await expect(refused.api.request('/auth/login', { method: 'POST', body: {} })).rejects.toMatchObject({ status: 401 });
    expect(refused.unauthenticated()).toBe(1);
  });

  it('asks for a login without calling the API when there is no token', async () => {
    const none = client(() => Response.json({}));
    await expect(none.api.request('/orders', { auth: true })).rejects.toMatchObject({ status: 401 });
    expect(none.calls).toHaveLength(0);
    expect(none.unauthenticated()).toBe(1);
  });

  it('reports a request that got no answer as a NetworkError', async () => {
    const down = client(() => {
      throw new TypeError('fetch failed');
    });
    await expect(down.api.request('/products')).rejects.toBeInstanceOf(NetworkError);
  });
});
