import { createPrivateKey, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cards, PROBLEM, strongPassword, uniqueEmail, uniqueIp } from './support/api';
import { ShopSystem } from './support/system';
import { eventually, redisUrl, startTcpProxy, uniqueKeyPrefix, type TcpProxy } from '@shop/testing';
import { createHmac } from 'node:crypto';
import Redis from 'ioredis';

/*
 * The API against the whole shop as real processes: every request below crosses the gateway and
 * real gRPC services backed by real Postgres and Redis.
 */

let system: ShopSystem;
let orderRedis: TcpProxy;
const secrets = new Set<string>();
/** The gateway's idempotency records are read straight from Redis by the card-data tests. */
const FINGERPRINT_KEY = 'test-fingerprint-key-0123456789abcdef';
const CLAIM_TTL_SECONDS = 60;
const GATEWAY_KEY_PREFIX = uniqueKeyPrefix('gwapi');

beforeAll(async () => {
  // Order reaches Redis through a proxy a test can cut.
  const redis = new URL(redisUrl());
  orderRedis = await startTcpProxy(redis.hostname, Number(redis.port));
  system = await ShopSystem.start({
    orderEnv: { REDIS_URL: `redis://127.0.0.1:${orderRedis.port}` },
    // The user service's login delays: few free failures, and a first wait long enough that no test outlives it.
    userEnv: { LOGIN_FREE_FAILURES_PER_ACCOUNT: '3', LOGIN_FREE_FAILURES_PER_ADDRESS: '2', LOGIN_DELAY_BASE_MS: '60000', LOGIN_DELAY_MAX_MS: '60000' },
    gatewayEnv: {
      RATE_LIMIT_AUTH_PER_ADDRESS: '100',
      REDIS_KEY_PREFIX: GATEWAY_KEY_PREFIX,
      IDEMPOTENCY_FINGERPRINT_KEY: FINGERPRINT_KEY,
      IDEMPOTENCY_CLAIM_TTL_SECONDS: String(CLAIM_TTL_SECONDS),
    },
  });
  await system.addProducts([
    { sku: 'COF-001', stock: 50, priceMinor: 1450, tags: ['coffee'] },
    { sku: 'COF-002', stock: 50, priceMinor: 1300, tags: ['coffee'] },
    { sku: 'TEA-001', stock: 50, priceMinor: 900, tags: ['tea'] },
  ]);
});

afterAll(async () => {
  await system?.stop();
  await orderRedis?.close();
});

const api = () => system.api;

describe('a shopper', () => {
  it('registers, logs in, browses, fills the cart, checks out, reads and cancels the order', async () => {
    const email = uniqueEmail();
    const password = strongPassword();
    const clientIp = uniqueIp();
    secrets.add(password);

    const registered = await api().post('/api/v1/auth/register', { json: { email, password }, clientIp });
    expect(registered.status).toBe(202);
    expect(registered.body).toMatchObject({ email });
    expect(registered.body).not.toHaveProperty('password');
    expect(registered.body).not.toHaveProperty('id');

    const login = await api().post('/api/v1/auth/login', { json: { email, password }, clientIp });
    expect(login.status).toBe(200);
    expect(login.headers.get('cache-control')).toBe('no-store');
    const token: string = login.body.accessToken;
    secrets.add(token);
    expect(login.body).toMatchObject({ tokenType: 'Bearer', user: { email } });
    expect(login.body.deviceToken).toEqual(expect.any(String));

    const me = await api().get('/api/v1/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: login.body.user.id, email });

    const firstPage = await api().get('/api/v1/products?pageSize=2');
    expect(firstPage.status).toBe(200);
    expect(firstPage.body.products.map((p: { sku: string }) => p.sku)).toEqual(['COF-001', 'COF-002']);
    const secondPage = await api().get(`/api/v1/products?pageSize=2&pageToken=${encodeURIComponent(firstPage.body.nextPageToken)}`);
    expect(secondPage.body).toMatchObject({ products: [{ sku: 'TEA-001' }], nextPageToken: null });
    const tea = await api().get('/api/v1/products?tag=tea');
    expect(tea.body.products.map((p: { sku: string }) => p.sku)).toEqual(['TEA-001']);
    // Search: names are "Product <sku>", descriptions "Description of <sku>"; sku words are searchable.
    const search = await api().get('/api/v1/products?q=tea-001');
    expect(search.status).toBe(200);
    expect(search.body.products.map((p: { sku: string }) => p.sku)).toEqual(['TEA-001']);
    const searchPage = await api().get('/api/v1/products?q=product&tag=coffee&pageSize=1');
    expect(searchPage.body.products).toHaveLength(1);
    const searchNext = await api().get(`/api/v1/products?q=product&tag=coffee&pageSize=1&pageToken=${encodeURIComponent(searchPage.body.nextPageToken)}`);
    expect([...searchPage.body.products, ...searchNext.body.products].map((p: { sku: string }) => p.sku).sort()).toEqual(['COF-001', 'COF-002']);
    expect(searchNext.body.nextPageToken).toBeNull();
    const product = await api().get('/api/v1/products/COF-001');
    expect(product.body).toMatchObject({ sku: 'COF-001', price: { amountMinor: 1450, currencyCode: 'EUR' }, tags: ['coffee'] });

    expect((await api().put('/api/v1/cart/items/COF-001', { token, json: { quantity: 2 } })).status).toBe(200);
    expect((await api().put('/api/v1/cart/items/TEA-001', { token, json: { quantity: 1 } })).status).toBe(200);
    expect((await api().put('/api/v1/cart/items/COF-002', { token, json: { quantity: 1 } })).status).toBe(200);
    const removed = await api().delete('/api/v1/cart/items/COF-002', { token });
    expect(removed.body.items.map((item: { sku: string }) => item.sku)).toEqual(['COF-001', 'TEA-001']);
    const cart = await api().get('/api/v1/cart', { token });
    expect(cart.body.total).toEqual({ amountMinor: 2 * 1450 + 900, currencyCode: 'EUR' });

    const checkout = await api().post('/api/v1/orders', { token, json: { card: cards.approved }, headers: { 'Idempotency-Key': randomUUID() } });
    expect(checkout.status).toBe(201);
    expect(checkout.body).toMatchObject({ state: 'CONFIRMED', total: { amountMinor: 3800, currencyCode: 'EUR' }, failureReason: null });
    const orderId: string = checkout.body.id;
    expect(checkout.headers.get('location')).toBe(`/api/v1/orders/${orderId}`);
    expect((await api().get('/api/v1/cart', { token })).body.items).toEqual([]); // cleared on CONFIRMED

    const listed = await api().get('/api/v1/orders', { token });
    expect(listed.body.orders.map((o: { id: string }) => o.id)).toEqual([orderId]);
    expect((await api().get(`/api/v1/orders/${orderId}`, { token })).body).toMatchObject({ id: orderId, state: 'CONFIRMED' });

    const cancelled = await api().post(`/api/v1/orders/${orderId}/cancel`, { token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id: orderId, state: 'CANCELLED' });
    expect((await api().post(`/api/v1/orders/${orderId}/cancel`, { token })).body.state).toBe('CANCELLED');

    const cleared = await api().delete('/api/v1/cart', { token });
    expect(cleared.status).toBe(204);
  });
});

describe('sessions', () => {
  it('refresh with a single-use refresh token (a repeat within the reuse interval gets the same successor), and end at logout', async () => {
    const email = uniqueEmail();
    const password = strongPassword();
    secrets.add(password);
    expect((await api().post('/api/v1/auth/register', { json: { email, password }, clientIp: uniqueIp() })).status).toBe(202);
    const login = await api().post('/api/v1/auth/login', { json: { email, password }, clientIp: uniqueIp() });
    const first: string = login.body.refreshToken;
    secrets.add(first).add(login.body.accessToken);

    const refreshed = await api().post('/api/v1/auth/refresh', { json: { refreshToken: first }, clientIp: uniqueIp() });
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers.get('cache-control')).toBe('no-store');
    expect(refreshed.body).toMatchObject({ tokenType: 'Bearer', user: { email } });
    secrets.add(refreshed.body.refreshToken).add(refreshed.body.accessToken);
    expect((await api().get('/api/v1/me', { token: refreshed.body.accessToken })).body).toMatchObject({ email });

    // Again at once (a second tab, a retry whose answer was lost): the same successor, the session goes on.
    const repeated = await api().post('/api/v1/auth/refresh', { json: { refreshToken: first }, clientIp: uniqueIp() });
    expect(repeated.status).toBe(200);
    expect(repeated.body.refreshToken).toBe(refreshed.body.refreshToken);
    secrets.add(repeated.body.accessToken);

    // Spent: the same refresh token again after the reuse interval is refused (and ends its family).
    await system.db('user').query(`UPDATE refresh_tokens SET used_at = used_at - interval '1 hour' WHERE token_hash = sha256($1::text::bytea)`, [first]);
    const spent = await api().post('/api/v1/auth/refresh', { json: { refreshToken: first }, clientIp: uniqueIp() });
    expect([spent.status, spent.body.type]).toEqual([401, PROBLEM('unauthenticated')]);
    const next = await api().post('/api/v1/auth/login', { json: { email, password }, clientIp: uniqueIp() });
    expect((await api().post('/api/v1/auth/logout', { json: { refreshToken: next.body.refreshToken }, clientIp: uniqueIp() })).status).toBe(204);
    const revoked = await api().post('/api/v1/auth/refresh', { json: { refreshToken: next.body.refreshToken }, clientIp: uniqueIp() });
    expect([revoked.status, revoked.body.type]).toEqual([401, PROBLEM('unauthenticated')]);
  });
});

describe('Idempotency-Key on checkout', () => {
  it('replays the first response for the same key and body, and creates one order', async () => {
    const shopper = await system.shopper();
    await api().put('/api/v1/cart/items/COF-002', { token: shopper.token, json: { quantity: 1 } });
    const key = randomUUID();
    const first = await api().post('/api/v1/orders', { token: shopper.token, json: { card: cards.approved }, headers: { 'Idempotency-Key': key } });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();

    const again = await api().post('/api/v1/orders', { token: shopper.token, json: { card: cards.approved }, headers: { 'Idempotency-Key': key } });
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await system.count('order', 'SELECT count(*) FROM orders WHERE user_id = $1', [shopper.userId])).toBe(1);

    // The same key with another body is a client bug: refused, nothing created.
    const other = await api().post('/api/v1/orders', { token: shopper.token, json: { card: cards.declined }, headers: { 'Idempotency-Key': key } });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe(PROBLEM('idempotency-key-reused'));
    expect(await system.count('order', 'SELECT count(*) FROM orders WHERE user_id = $1', [shopper.userId])).toBe(1);
  });

  it('fingerprints the body without the card number or the CVC, and keeps a failed claim briefly', async () => {
    const redis = new Redis(redisUrl(), { keyPrefix: `${GATEWAY_KEY_PREFIX}idem:`, lazyConnect: true });
    try {
      const shopper = await system.shopper();
      // An empty cart: the checkout fails (409) after the key was claimed.
      const failedKey = randomUUID();
      const failed = await api().post('/api/v1/orders', { token: shopper.token, json: { card: cards.approved }, headers: { 'Idempotency-Key': failedKey } });
      expect(failed.status).toBe(409);
      const claimTtl = await redis.ttl(`${shopper.userId}:${failedKey}`);
      expect(claimTtl).toBeGreaterThan(0);
      expect(claimTtl).toBeLessThanOrEqual(CLAIM_TTL_SECONDS);

      await api().put('/api/v1/cart/items/COF-001', { token: shopper.token, json: { quantity: 1 } });
      const key = randomUUID();
      const first = await api().post('/api/v1/orders', { token: shopper.token, json: { card: cards.approved }, headers: { 'Idempotency-Key': key } });
      expect(first.status).toBe(201);
      const record = JSON.parse((await redis.get(`${shopper.userId}:${key}`)) ?? '{}') as { fingerprint?: string };
      // Exactly the documented fields, keyed: brand, last four, expiry, holder; no number, no CVC.
      const { expMonth, expYear, holderName } = cards.approved;
      const expected = createHmac('sha256', FINGERPRINT_KEY)
        .update(JSON.stringify({ card: { brand: 'visa', expMonth, expYear, holderName, last4: '4242' } }))
        .digest('base64url');
      expect(record.fingerprint).toBe(expected);
      expect(await redis.ttl(`${shopper.userId}:${key}`)).toBeGreaterThan(CLAIM_TTL_SECONDS);

      // So a repeat that differs in the CVC alone is the same request: replayed, not refused.
      const again = await api().post('/api/v1/orders', {
        token: shopper.token,
        json: { card: { ...cards.approved, cvc: '999' } },
        headers: { 'Idempotency-Key': key },
      });
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
    } finally {
      redis.disconnect();
    }
  });

  it('creates one order and one charge when the same request races itself', async () => {
    const shopper = await system.shopper();
    await api().put('/api/v1/cart/items/TEA-001', { token: shopper.token, json: { quantity: 2 } });
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 4 }, () => api().post('/api/v1/orders', { token: shopper.token, json: { card: cards.approved }, headers: { 'Idempotency-Key': key } })),
    );
    for (const response of responses) expect([201, 202]).toContain(response.status);
    const ids = new Set(responses.map((response) => response.body.id));
    expect(ids.size).toBe(1);
    expect(await system.count('order', 'SELECT count(*) FROM orders WHERE user_id = $1', [shopper.userId])).toBe(1);
    expect(await system.count('payment', 'SELECT count(*) FROM payments WHERE order_id = $1', [[...ids][0]])).toBe(1);
  });

  it('keys are per user: the same key from another shopper is another order', async () => {
    const [a, b] = [await system.shopper(), await system.shopper()];
    const key = randomUUID();
    const orders = [];
    for (const shopper of [a, b]) {
      await api().put('/api/v1/cart/items/COF-001', { token: shopper.token, json: { quantity: 1 } });
      const response = await api().post('/api/v1/orders', { token: shopper.token, json: { card: cards.approved }, headers: { 'Idempotency-Key': key } });
      expect(response.status).toBe(201);
      orders.push(response.body.id);
    }
    expect(orders[0]).not.toBe(orders[1]);
  });

  it('requires a well-formed key and writes nothing without one', async () => {
    const shopper = await system.shopper();
    await api().put('/api/v1/cart/items/COF-001', { token: shopper.token, json: { quantity: 1 } });
    const missing = await api().post('/api/v1/orders', { token: shopper.token, json: { card: cards.approved } });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ type: PROBLEM('validation'), errors: [{ in: 'header', pointer: 'Idempotency-Key' }] });
    const tooLong = await api().post('/api/v1/orders', { token: shopper.token, json: { card: cards.approved }, headers: { 'Idempotency-Key': 'k'.repeat(129) } });
    expect(tooLong.status).toBe(400);
    expect(await system.count('order', 'SELECT count(*) FROM orders WHERE user_id = $1', [shopper.userId])).toBe(0);
    expect((await api().get('/api/v1/cart', { token: shopper.token })).body.items).toHaveLength(1);
  });
});

describe('authentication', () => {
  let shopper: Awaited<ReturnType<ShopSystem['shopper']>>;
  let orderId: string;

  beforeAll(async () => {
    shopper = await system.shopper();
    await api().put('/api/v1/cart/items/COF-001', { token: shopper.token, json: { quantity: 1 } });
    orderId = (await api().post('/api/v1/orders', { token: shopper.token, json: { card: cards.declined }, headers: { 'Idempotency-Key': randomUUID() } })).body.id;
  });

  async function signed(claims: Record<string, unknown>, key: KeyObject = foreignKey(), expiresIn: string | number = '5m') {
    return new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA' }).setIssuer('shop-user').setAudience('shop').setSubject(shopper.userId).setIssuedAt().setExpirationTime(expiresIn).sign(key);
  }
  function foreignKey(): KeyObject {
    return generateKeyPairSync('ed25519').privateKey;
  }
  async function serviceKey(): Promise<KeyObject> {
    return createPrivateKey(await readFile(join(system.keyDir, 'jwt-private.pem'), 'utf8'));
  }

  it('answers 401 for a missing, malformed, tampered, expired or foreign token', async () => {
    const [header, payload, signature] = shopper.token.split('.') as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: randomUUID() })).toString('base64url');
    const expiredToken = await signed({}, await serviceKey(), Math.floor(Date.now() / 1000) - 60);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    const cases: Record<string, Record<string, string>> = {
      missing: {},
      'not bearer': { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
      malformed: { Authorization: 'Bearer not-a-jwt' },
      tampered: { Authorization: `Bearer ${header}.${forged}.${signature}` },
      expired: { Authorization: `Bearer ${expiredToken}` },
      'wrong key': { Authorization: `Bearer ${await signed({})}` },
      'alg none': { Authorization: `Bearer ${unsigned}` },
    };
    for (const [name, headers] of Object.entries(cases)) {
      const response = await api().get('/api/v1/orders', { headers });
      expect(response.status, name).toBe(401);
      expect(response.body.type, name).toBe(PROBLEM('unauthenticated'));
      expect(response.headers.get('www-authenticate'), name).toMatch(/^Bearer realm="shop"/);
    }
    expect((await api().get('/api/v1/orders', { headers: cases.expired! })).body.detail).toBe('the access token has expired');
    // The service's own key, properly used, is accepted: the cases above failed for their defect alone.
    expect((await api().get('/api/v1/orders', { token: await signed({}, await serviceKey()) })).status).toBe(200);
  });

  it("answers 404 for another user's order, never 403, and does not cancel it", async () => {
    const other = await system.shopper();
    expect((await api().get(`/api/v1/orders/${orderId}`, { token: other.token })).status).toBe(404);
    const cancel = await api().post(`/api/v1/orders/${orderId}/cancel`, { token: other.token });
    expect(cancel.status).toBe(404);
    expect(cancel.body.type).toBe(PROBLEM('not-found'));
    expect((await api().get('/api/v1/orders', { token: other.token })).body.orders).toEqual([]);
    expect((await api().get(`/api/v1/orders/${orderId}`, { token: shopper.token })).body.state).toBe('FAILED');
  });
});

describe('downstream errors, as problem+json', () => {
  it('maps each gRPC status the services answer to its HTTP status and problem type', async () => {
    const shopper = await system.shopper();
    const expectProblem = (response: { status: number; headers: Headers; body: { type: string; status: number } }, status: number, kind: string) => {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body).toMatchObject({ type: PROBLEM(kind), status });
    };
    // INVALID_ARGUMENT (a page token inventory did not issue) → 400
    expectProblem(await api().get('/api/v1/products?pageToken=forged'), 400, 'validation');
    expectProblem(await api().get(`/api/v1/products?q=${'x'.repeat(201)}`), 400, 'validation');
    expectProblem(await api().get('/api/v1/products?q=%20%20'), 400, 'validation');
    // NOT_FOUND → 404
    expectProblem(await api().get('/api/v1/products/NO-SUCH-SKU'), 404, 'not-found');
    expectProblem(await api().put('/api/v1/cart/items/NO-SUCH-SKU', { token: shopper.token, json: { quantity: 1 } }), 404, 'not-found');
    // Register never answers ALREADY_EXISTS: a taken email gets the answer a new one gets.
    const taken = await api().post('/api/v1/auth/register', { json: { email: shopper.email, password: strongPassword() }, clientIp: uniqueIp() });
    const fresh = await api().post('/api/v1/auth/register', { json: { email: uniqueEmail(), password: strongPassword() }, clientIp: uniqueIp() });
    expect([taken.status, Object.keys(taken.body).sort()]).toEqual([fresh.status, Object.keys(fresh.body).sort()]);
    expect(taken.status).toBe(202);
    // FAILED_PRECONDITION (an empty cart; cancelling a FAILED order) → 409
    expectProblem(await api().post('/api/v1/orders', { token: shopper.token, json: { card: cards.approved }, headers: { 'Idempotency-Key': randomUUID() } }), 409, 'conflict');
    // UNAUTHENTICATED (wrong password) → 401
    expectProblem(await api().post('/api/v1/auth/login', { json: { email: shopper.email, password: 'Wrong-password-1' }, clientIp: uniqueIp() }), 401, 'unauthenticated');
  });

  it('passes the client address to Login: the user service limits it (RESOURCE_EXHAUSTED → 429)', async () => {
    const attacker = uniqueIp();
    // Three accounts, one failure each, from one address: the address's budget (3) is spent...
    for (let i = 0; i < 3; i++) {
      const response = await api().post('/api/v1/auth/login', { json: { email: uniqueEmail(), password: 'Wrong-password-1' }, clientIp: attacker });
      expect(response.status).toBe(401);
    }
    const limited = await api().post('/api/v1/auth/login', { json: { email: uniqueEmail(), password: 'Wrong-password-1' }, clientIp: attacker });
    expect(limited.status).toBe(429);
    expect(limited.body.type).toBe(PROBLEM('rate-limited'));
    // ...while another address is not limited: the gateway sent each client's own address.
    const other = await api().post('/api/v1/auth/login', { json: { email: uniqueEmail(), password: 'Wrong-password-1' }, clientIp: uniqueIp() });
    expect(other.status).toBe(401);
  });
});

describe('a login flood on one account', () => {
  it("never keeps the owner out, and the user breaker never counts the delay's refusals", async () => {
    const owner = { email: uniqueEmail('owner'), password: strongPassword(), clientIp: uniqueIp() };
    const victim = { email: uniqueEmail('victim'), password: strongPassword(), clientIp: uniqueIp() };
    secrets.add(owner.password).add(victim.password);
    for (const account of [owner, victim]) {
      expect((await api().post('/api/v1/auth/register', { json: { email: account.email, password: account.password }, clientIp: account.clientIp })).status).toBe(202);
    }
    const first = await api().post('/api/v1/auth/login', { json: { email: owner.email, password: owner.password }, clientIp: owner.clientIp });
    const deviceToken: string = first.body.deviceToken;
    // Counted from here: the file's earlier tests share this gateway and its breaker.
    const opensBefore = await userBreakerOpens();
    const statuses = { flood: new Map<number, number>(), owner: new Map<number, number>(), victim: new Map<number, number>() };
    const count = (map: Map<number, number>, status: number) => map.set(status, (map.get(status) ?? 0) + 1);
    // A burst of guesses at the owner's account, each from an address of its own so that only the
    // account's delay applies: most of the user service's recent answers are now refusals.
    for (let i = 0; i < 30; i++) {
      const guess = await api().post('/api/v1/auth/login', { json: { email: owner.email, password: 'Wrong-password-1' }, clientIp: uniqueIp() });
      count(statuses.flood, guess.status);
      if (guess.status === 429) expect(Number(guess.headers.get('retry-after'))).toBeGreaterThan(1);
    }
    expect(Object.fromEntries(statuses.flood)).toEqual({ 401: 4, 429: 26 });
    // A new client of the owner's waits out the delay; the owner's own browser gets in at once.
    expect((await api().post('/api/v1/auth/login', { json: { email: owner.email, password: owner.password }, clientIp: uniqueIp() })).status).toBe(429);
    for (let i = 0; i < 5; i++) {
      const login = await api().post('/api/v1/auth/login', { json: { email: owner.email, password: owner.password, deviceToken }, clientIp: uniqueIp() });
      count(statuses.owner, login.status);
    }
    for (let i = 0; i < 10; i++) {
      const login = await api().post('/api/v1/auth/login', { json: { email: victim.email, password: victim.password }, clientIp: victim.clientIp });
      count(statuses.victim, login.status);
    }
    expect(Object.fromEntries(statuses.owner)).toEqual({ 200: 5 });
    expect(Object.fromEntries(statuses.victim)).toEqual({ 200: 10 });
    expect(await userBreakerOpens()).toBe(opensBefore);
  });

  /** How often the gateway's breaker for the user service has opened (its series exists from start-up). */
  async function userBreakerOpens(): Promise<number> {
    const metrics = await (await fetch(`http://127.0.0.1:${system.gateway.adminPort}/metrics`)).text();
    const line = /^circuit_breaker_events_total\{target="user",event="open"[^}]*\} (\d+)$/m.exec(metrics);
    expect(line, 'the user breaker\'s open counter').not.toBeNull();
    return Number(line![1]);
  }

});

describe("order's Redis down", () => {
  it('answers carts and checkout 503 with Retry-After, keeps serving order reads, and recovers by itself', async () => {
    const shopper = { email: uniqueEmail(), password: strongPassword() };
    secrets.add(shopper.password);
    expect((await api().post('/api/v1/auth/register', { json: shopper, clientIp: uniqueIp() })).status).toBe(202);
    const token: string = (await api().post('/api/v1/auth/login', { json: shopper, clientIp: uniqueIp() })).body.accessToken;
    orderRedis.block();
    try {
      // Enough failures to open a breaker shared by carts and orders.
      for (let i = 0; i < 12; i++) {
        const cart = await api().get('/api/v1/cart', { token });
        expect(cart.status).toBe(503);
        expect(Number(cart.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      const checkout = await api().post('/api/v1/orders', { token, json: { card: cards.approved }, headers: { 'Idempotency-Key': randomUUID() } });
      expect(checkout.status).toBe(503);
      expect((await api().get('/api/v1/orders', { token })).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${system.gateway.adminPort}/readyz`)).status).toBe(200);
    } finally {
      orderRedis.unblock();
    }
    let recovered = false;
    for (let attempt = 0; attempt < 100 && !recovered; attempt++) {
      recovered = (await api().get('/api/v1/cart', { token })).status === 200;
      if (!recovered) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(recovered).toBe(true);
  });
});

describe('rejected requests', () => {
  it('change nothing: unknown fields, malformed JSON and oversized bodies are refused before any call', async () => {
    const email = uniqueEmail('rejected');
    const password = strongPassword();
    const unknownField = await api().post('/api/v1/auth/register', { json: { email, password, admin: true } });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body).toMatchObject({ type: PROBLEM('validation'), errors: [{ in: 'body', pointer: '/admin', detail: 'unknown field' }] });
    const malformed = await api().post('/api/v1/auth/register', { rawBody: `{"email":"${email}","password":` });
    expect(malformed.status).toBe(400);
    expect(malformed.body.type).toBe(PROBLEM('malformed-json'));
    const oversized = await api().post('/api/v1/auth/register', { json: { email, password, padding: 'x'.repeat(17 * 1024) } });
    expect(oversized.status).toBe(413);
    expect(oversized.body.type).toBe(PROBLEM('payload-too-large'));
    expect(await system.count('user', 'SELECT count(*) FROM users WHERE lower(email) = lower($1)', [email])).toBe(0);

    const shopper = await system.shopper();
    const badCart = await api().put('/api/v1/cart/items/COF-001', { token: shopper.token, json: { quantity: 1, price: 1 } });
    expect(badCart.status).toBe(400);
    const badCard = await api().post('/api/v1/orders', { token: shopper.token, json: { card: { ...cards.approved, cvc: 'abc', pin: '0000' } }, headers: { 'Idempotency-Key': randomUUID() } });
    expect(badCard.status).toBe(400);
    expect(badCard.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ pointer: '/card/cvc' }), expect.objectContaining({ pointer: '/card/pin', detail: 'unknown field' })]),
    );
    expect((await api().get('/api/v1/cart', { token: shopper.token })).body.items).toEqual([]);
    expect(await system.count('order', 'SELECT count(*) FROM orders WHERE user_id = $1', [shopper.userId])).toBe(0);
  });
});

describe('request logs', () => {
  it('are one line per request with trace ids, and never carry tokens or passwords', async () => {
    const logs = system.gateway.process.logs;
    const accessLines = logs.filter((line) => line['req'] !== undefined && line['res'] !== undefined);
    expect(accessLines.length).toBeGreaterThan(10);
    expect(accessLines.every((line) => typeof line['trace_id'] === 'string')).toBe(true);
    expect(accessLines.some((line) => (line['req'] as { headers: Record<string, string> }).headers['authorization'] === '[REDACTED]')).toBe(true);
    const output = system.gateway.process.output();
    for (const secret of secrets) expect(output).not.toContain(secret);
  });

  it('show an allow-list of request headers: credentials in headers nobody listed never reach them', async () => {
    const requestId = randomUUID();
    const headers = { 'Proxy-Authorization': 'Basic cHJveHktc2VjcmV0', 'X-Api-Key': 'api-key-secret-value', 'X-Request-Id': requestId };
    expect((await api().get('/api/v1/products', { headers })).status).toBe(200);
    expect(await eventually(() => system.gateway.process.logs.some((line) => (line['req'] as { id?: string } | undefined)?.id === requestId))).toBe(true);
    const line = system.gateway.process.logs.find((entry) => (entry['req'] as { id?: string } | undefined)?.id === requestId)!;
    const logged = (line['req'] as { headers: Record<string, unknown> }).headers;
    expect(logged['x-request-id']).toBe(requestId);
    expect(logged).not.toHaveProperty('proxy-authorization');
    expect(logged).not.toHaveProperty('x-api-key');
    const output = system.gateway.process.output();
    expect(output).not.toContain('cHJveHktc2VjcmV0');
    expect(output).not.toContain('api-key-secret-value');
  });
});

describe('every app\'s /metrics, after the traffic above', () => {
  it('passes `promtool check metrics` (names, types and units as Prometheus expects them)', async () => {
    const problems: Record<string, string> = {};
    for (const app of Object.values(system.apps)) {
      const exposition = await (await fetch(`http://127.0.0.1:${app.adminPort}/metrics`)).text();
      expect(exposition).toContain('grpc_');
      const found = await promtoolCheckMetrics(exposition);
      if (found) problems[app.name] = found;
    }
    expect(problems).toEqual({});
  });
});

/** promtool's findings on an exposition ('' when clean). promtool is in Debian's `prometheus` package. */
function promtoolCheckMetrics(exposition: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('promtool', ['check', 'metrics'], (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error('promtool is not on PATH: install it with `apt-get install prometheus` (.ci/run does)'));
      } else resolve(`${stdout}${stderr}`.trim());
    });
    child.stdin?.end(exposition);
  });
}

describe('gRPC reflection, used by the real grpcurl', () => {
  const services = {
    user: ['shop.user.v1.UserService'],
    inventory: ['shop.inventory.v1.InventoryService'],
    payment: ['shop.payment.v1.PaymentService'],
    order: ['shop.order.v1.CartService', 'shop.order.v1.OrderService'],
  } as const;
  const calls: Record<keyof typeof services, Array<[method: string, request: unknown, answer: RegExp]>> = {
    // Register answers alike for new and taken emails: an empty message.
    user: [['shop.user.v1.UserService/Register', { email: uniqueEmail('grpcurl'), password: strongPassword() }, /^\{\s*\}$/]],
    inventory: [['shop.inventory.v1.InventoryService/GetProduct', { sku: 'COF-001' }, /"amountMinor":\s*"?1450/]],
    payment: [['shop.payment.v1.PaymentService/GetPayment', { order_id: randomUUID() }, /Code: NotFound/]],
    order: [
      ['shop.order.v1.CartService/GetCart', { user_id: randomUUID() }, /"cart":/],
      ['shop.order.v1.OrderService/ListOrders', { user_id: randomUUID(), page_size: 5 }, /^\{/],
    ],
  };

  it.each(Object.keys(services) as Array<keyof typeof services>)('lists, describes and calls %s', async (name) => {
    const address = system.apps[name].grpcAddress;
    // Only what the server implements, and health.
    expect((await grpcurl(['list'], address)).split('\n').sort()).toEqual([...services[name], 'grpc.health.v1.Health'].sort());
    for (const service of services[name]) {
      const described = await grpcurl(['describe', service], address);
      expect(described).toContain(`${service} is a service:`);
      // Every type a method uses resolves, imported and well-known ones included (fields as in the .proto).
      for (const type of described.matchAll(/\(\s*\.?([\w.]+)\s*\)/g)) await grpcurl(['describe', type[1]!], address);
    }
    for (const [method, request, answer] of calls[name]) expect(await grpcurl(['-d', JSON.stringify(request), method], address)).toMatch(answer);
    expect(await grpcurl(['grpc.health.v1.Health/Check'], address)).toMatch(/"status":\s*"SERVING"/);
  });

  it('describes the imported and well-known types with their fields as the .proto files name them', async () => {
    const order = await grpcurl(['describe', 'shop.order.v1.Order'], system.apps.order.grpcAddress);
    expect(order).toMatch(/\.shop\.common\.v1\.Money total = \d+;/);
    expect(order).toMatch(/\.google\.protobuf\.Timestamp created_at = \d+;/);
    expect(await grpcurl(['describe', 'google.protobuf.Timestamp'], system.apps.order.grpcAddress)).toMatch(/int64 seconds = 1;/);
  });
});

/**
 * Runs grpcurl against a plaintext server; its combined output (an error status included, which
 * is an answer too). Built from the Go module proxy by deploy/scripts/install-tools.sh.
 */
function grpcurl(args: string[], address: string): Promise<string> {
  const cached = join(process.env['SHOP_TOOLS_DIR'] ?? join(homedir(), '.cache', 'shop', 'tools'), 'bin', 'grpcurl');
  const binary = existsSync(cached) ? cached : 'grpcurl';
  const [first, ...rest] = args;
  const positional = first?.startsWith('-') ? [first, rest.shift()!] : [];
  const command = [...positional, '-plaintext', '-max-time', '10', address, ...(first?.startsWith('-') ? rest : args)];
  return new Promise((resolve, reject) => {
    execFile(binary, command, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error('grpcurl is missing: run deploy/scripts/install-tools.sh (.ci/provision does)'));
        return;
      }
      const output = `${stdout}${stderr}`.trim();
      // grpcurl exits non-zero for an error status: that is an answer only if it says which.
      if (error && !/Code: \w+/.test(output)) reject(new Error(`grpcurl ${command.join(' ')} failed: ${output}`));
      else resolve(output);
    });
  });
}
