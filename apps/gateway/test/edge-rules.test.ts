import { Validator } from '@seriousme/openapi-schema-validator';
import { freePort, freshDatabase, redisUrl, startApp, startTcpProxy, startTsxProcess, type FreshDatabase, type RunningApp, type TcpProxy } from '@shop/testing';
import { SignJWT } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument, toOpenApiPath } from '../src/openapi';
import { API_ROUTES } from '../src/routes';
import { apiRouter } from '../src/routes/mount';
import { Api, PROBLEM, uniqueIp } from './support/api';
import { gatewayTestEnv } from './support/system';

/*
 * The edge's own rules (limits, headers, the document) and what it answers when a service behind
 * it stalls or dies: a real gateway in front of a real inventory, Redis reached through a proxy the
 * test can cut. The order service is deliberately absent (its address is a dead port); the user
 * service answers the gateways' first fetch of its token keys and is then stopped, so the tokens
 * signed here verify from the gateways' cached key set while calls to the user service fail.
 */

const PER_ADDRESS = 5;
const AUTH_PER_ADDRESS = 3;
const BREAKER_RESET_MS = 20_000;

let db: FreshDatabase;
let userDb: FreshDatabase;
let user: RunningApp;
let inventory: RunningApp;
let gateway: RunningApp;
let replica: RunningApp;
let redisProxy: TcpProxy;
let api: Api;
let flagsDir: string;
let flagsFile: string;
const tokenKeys = generateKeyPairSync('ed25519');

beforeAll(async () => {
  db = await freshDatabase('inventory');
  inventory = await startApp('inventory', { env: { DATABASE_URL: db.url, REDIS_URL: redisUrl(), CATALOG_CACHE_NAMESPACE: `gw-edge-${process.pid}` } });
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  await sql.query(`INSERT INTO products (sku, name, description, price_minor, currency_code, image_url, tags, stock)
                   VALUES ('COF-001', 'Coffee', 'Beans', 1450, 'EUR', '', '{coffee}', 10)`);
  await sql.end();

  const redis = new URL(redisUrl());
  redisProxy = await startTcpProxy(redis.hostname, Number(redis.port));
  const deadPort = await freePort();
  userDb = await freshDatabase('user');
  user = await startApp('user', {
    env: { DATABASE_URL: userDb.url, REDIS_URL: redisUrl(), JWT_PRIVATE_KEY: tokenKeys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() },
  });
  flagsDir = await mkdtemp(join(tmpdir(), 'shop-gateway-flags-'));
  flagsFile = join(flagsDir, 'flags.json');
  await writeFile(flagsFile, limitFlags(PER_ADDRESS));
  const env = {
    FLAGS_FILE: flagsFile,
    ...gatewayTestEnv(),
    REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`,
    USER_ADDR: user.grpcAddress,
    ORDER_ADDR: `127.0.0.1:${deadPort}`,
    INVENTORY_ADDR: inventory.grpcAddress,
    REQUEST_BUDGET_MS: '1500',
    CHECKOUT_BUDGET_MS: '1500',
    RATE_LIMIT_PER_ADDRESS: String(PER_ADDRESS),
    RATE_LIMIT_AUTH_PER_ADDRESS: String(AUTH_PER_ADDRESS),
    BREAKER_VOLUME_THRESHOLD: '3',
    BREAKER_RESET_TIMEOUT_MS: String(BREAKER_RESET_MS),
  };
  // Two replicas sharing one Redis namespace, as a Deployment's pods do.
  [gateway, replica] = await Promise.all([startApp('gateway', { env }), startApp('gateway', { env })]);
  await user.stop();
  api = new Api(`http://127.0.0.1:${gateway.port}`);
});

afterAll(async () => {
  await Promise.all([gateway, replica, inventory, user].map((app) => app?.process.kill()));
  await redisProxy?.close();
  await db?.drop();
  await userDb?.drop();
  if (flagsDir) await rm(flagsDir, { recursive: true, force: true });
});

/** The rate-limit script runs the gateway has sent to Redis (its own redis_command_duration_seconds counts, any outcome). */
async function rateLimitCommands(app: RunningApp): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${app.adminPort}/metrics`)).text();
  const samples = text.split('\n').filter((line) => line.startsWith('redis_command_duration_seconds_count{') && /command="eval(sha)?"/.test(line));
  return samples.reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

/** flagd's file format with the per-address limit set to `perAddress`. */
function limitFlags(perAddress: unknown): string {
  return JSON.stringify({
    flags: { 'gateway-rate-limit-per-address': { state: 'ENABLED', variants: { now: perAddress }, defaultVariant: 'now' } },
  });
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 and documents every mounted route with its error responses', async () => {
    const response = await fetch(`http://127.0.0.1:${gateway.port}/api/openapi.json`);
    expect(response.status).toBe(200);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document the assertions walk
    const document = (await response.json()) as any;
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // Served from the same route table as the one in this process.
    expect(document).toEqual(JSON.parse(JSON.stringify(openApiDocument(API_ROUTES))));

    // What Express actually mounts, read back from the router rather than from the table.
    const router = apiRouter({
      routes: API_ROUTES,
      downstream: {} as never,
      stores: {} as never,
      verifier: {} as never,
      limiters: { address: {}, user: {}, auth: {} } as never,
      budgets: { request: 1, checkout: 1 },
      bodyLimitBytes: 1024,
      logger: {} as never,
    });
    const mounted = router.stack.flatMap((layer) =>
      layer.route ? Object.keys((layer.route as unknown as { methods: Record<string, boolean> }).methods).map((method) => `${method} ${String(layer.route!.path)}`) : [],
    );
    expect(mounted).toHaveLength(API_ROUTES.length);
    for (const entry of mounted) {
      const [method, path] = entry.split(' ') as [string, string];
      const operation = document.paths[toOpenApiPath(path)]?.[method];
      expect(operation, entry).toBeDefined();
      for (const status of ['400', '429', '500', '503', '504']) expect(operation.responses[status], `${entry} ${status}`).toBeDefined();
      expect(operation.responses['429'].content['application/problem+json']).toBeDefined();
      expect(Object.keys(operation.responses).some((status) => status.startsWith('2')), entry).toBe(true);
    }
    const protectedOps = API_ROUTES.filter((route) => route.auth);
    for (const route of protectedOps) expect(document.paths[toOpenApiPath(route.path)][route.method].responses['401']).toBeDefined();
    expect(document.paths['/api/v1/orders'].post.responses['422']).toBeDefined();
    expect(document.paths['/api/v1/orders'].post.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'Idempotency-Key', required: true })]));
  });
});

describe('bad input', () => {
  // The user and order services are down here: a 400 can only come from the edge itself.
  it('answers 400, not 500, to a path that is not valid percent-encoded UTF-8', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/products/%FF'],
      ['PUT', '/api/v1/cart/items/%ED%A0%80'],
      ['GET', '/api/v1/orders/%E0%A4%A'],
    ] as const) {
      const response = await api.call(method, path, { clientIp: uniqueIp(), json: method === 'PUT' ? { quantity: 1 } : undefined });
      expect(response.status, `${method} ${path}`).toBe(400);
      expect(response.body).toMatchObject({ type: PROBLEM('validation'), status: 400 });
    }
  });

  it('is refused at the edge exactly where the services would refuse it, as the document says', async () => {
    const document = (await (await fetch(`http://127.0.0.1:${gateway.port}/api/openapi.json`)).json()) as {
      components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> };
    };
    const { Registration, Credentials, SetQuantity } = document.components.schemas;
    expect(Registration?.properties['password']).toMatchObject({ minLength: 10, maxLength: 128 });
    expect(Credentials?.properties['password']).toMatchObject({ minLength: 1, maxLength: 128 });
    expect(SetQuantity?.properties['quantity']).toMatchObject({ minimum: 1, maximum: 99 });

    const short = await api.post('/api/v1/auth/register', { json: { email: 'short@example.com', password: 'Short-pw1' }, clientIp: uniqueIp() });
    expect(short.status).toBe(400);
    expect(short.body.errors).toEqual([expect.objectContaining({ in: 'body', pointer: '/password' })]);
    // 128 characters of four UTF-16 units' worth each are within the limit; 129 are not.
    const emoji = (count: number) => '\u{1F600}'.repeat(count);
    expect((await api.post('/api/v1/auth/login', { json: { email: 'a@example.com', password: emoji(128) }, clientIp: uniqueIp() })).status).toBe(503);
    expect((await api.post('/api/v1/auth/login', { json: { email: 'a@example.com', password: emoji(129) }, clientIp: uniqueIp() })).status).toBe(400);

    const token = await new SignJWT({}).setProtectedHeader({ alg: 'EdDSA' }).setIssuer('shop-user').setAudience('shop').setSubject('u-1').setExpirationTime('1m').sign(tokenKeys.privateKey);
    const tooMany = await api.put('/api/v1/cart/items/COF-001', { token, json: { quantity: 100 }, clientIp: uniqueIp() });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([expect.objectContaining({ in: 'body', pointer: '/quantity' })]);
    expect((await api.put('/api/v1/cart/items/COF-001', { token, json: { quantity: 99 }, clientIp: uniqueIp() })).status).toBe(503);
  });

  it('is never read from the body of a route that declares none: a malformed JSON body on a product read is not parsed', async () => {
    // fetch refuses a body on GET; node:http sends one.
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const body = '{"sku":';
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port: gateway.port,
          method: 'GET',
          path: '/api/v1/products/COF-001',
          headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'X-Forwarded-For': uniqueIp() },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        },
      );
      request.on('error', reject);
      request.end(body);
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ sku: 'COF-001' });
  });
});

describe('a client that trickles its request', () => {
  it('is cut off once the request budget is spent, its body still unfinished', async () => {
    const socket = connect(gateway.port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    const closed = new Promise<boolean>((resolve) => {
      socket.once('close', () => resolve(true));
      // Far past the budget (1.5 s here); without the server's request timeout it waits five minutes.
      setTimeout(() => resolve(false), 15_000).unref();
    });
    socket.write(
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"email":',
    );
    const trickle = setInterval(() => socket.write(' '), 200);
    try {
      expect(await closed).toBe(true);
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
  });
});

describe('security headers and CORS', () => {
  it('sends helmet headers and no CORS headers when no origin is configured', async () => {
    const response = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/products/COF-001`, {
      headers: { Origin: 'https://evil.example', 'X-Forwarded-For': uniqueIp() },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toContain('max-age=');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends no ETag made from an API body (an answer is computed afresh for every request)', async () => {
    const response = await api.get('/api/v1/products/COF-001', { clientIp: uniqueIp() });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBeNull();
  });
});

describe('rate limits', () => {
  it('answer 429 with RateLimit and Retry-After headers once an address has spent its window', async () => {
    const clientIp = uniqueIp();
    for (let i = 1; i <= PER_ADDRESS; i++) {
      const response = await api.get('/api/v1/products/COF-001', { clientIp });
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBe(String(PER_ADDRESS));
      expect(response.headers.get('ratelimit-remaining')).toBe(String(PER_ADDRESS - i));
    }
    const limited = await api.get('/api/v1/products/COF-001', { clientIp });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ type: PROBLEM('rate-limited'), status: 429 });
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    // Another client is not affected.
    expect((await api.get('/api/v1/products/COF-001', { clientIp: uniqueIp() })).status).toBe(200);
  });

  it('are stricter on login, and count requests that fail validation too', async () => {
    const clientIp = uniqueIp();
    for (let i = 0; i < AUTH_PER_ADDRESS; i++) expect((await api.post('/api/v1/auth/login', { json: {}, clientIp })).status).toBe(400);
    const limited = await api.post('/api/v1/auth/login', { json: {}, clientIp });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('ratelimit-limit')).toBe(String(AUTH_PER_ADDRESS));
    expect((await api.get('/api/v1/products/COF-001', { clientIp })).status).toBe(200);
  });

  it('count a request before its body is read: a body never sent or far too large gets 429 once the address is over', async () => {
    const [slowIp, hugeIp] = [uniqueIp(), uniqueIp()];
    /** Sends a login's headers and the start of its body, never the rest; resolves with the status the gateway answers. */
    const unfinished = (clientIp: string, contentLength: number) =>
      new Promise<number>((resolve, reject) => {
        const socket = connect(gateway.port, '127.0.0.1');
        let answer = '';
        socket.setEncoding('utf8').on('data', (chunk: string) => {
          answer += chunk;
          const status = /^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1];
          if (status) {
            socket.destroy();
            resolve(Number(status));
          }
        });
        socket.on('error', reject);
        socket.write(
          `POST /api/v1/auth/login HTTP/1.1\r\nHost: shop\r\nX-Forwarded-For: ${clientIp}\r\nContent-Type: application/json\r\n` +
            `Content-Length: ${contentLength}\r\n\r\n{"email":`,
        );
      });
    // A slow body: the requests within the limit wait for theirs until the request budget cuts them
    // off (408); the one over the limit is answered 429 at once, though no body ever arrives.
    const slow = await Promise.all(Array.from({ length: AUTH_PER_ADDRESS + 1 }, () => unfinished(slowIp, 1000)));
    expect(slow.sort()).toEqual([...Array<number>(AUTH_PER_ADDRESS).fill(408), 429]);
    // A body declared far over BODY_LIMIT_BYTES: over the rate limit it is 429 at once all the same.
    // (Within it the body parser refuses the declared length, but answers 413 only once the body has
    // arrived, which this client never sends: the budget cuts it off, 408.)
    const huge = await Promise.all(Array.from({ length: AUTH_PER_ADDRESS + 1 }, () => unfinished(hugeIp, 1_000_000_000)));
    expect(huge.sort()).toEqual([...Array<number>(AUTH_PER_ADDRESS).fill(408), 429]);
  });

  it('refuse an address over its limit from memory for the rest of the window, without a Redis command each', async () => {
    const clientIp = uniqueIp();
    for (let i = 0; i < PER_ADDRESS; i++) expect((await api.get('/api/v1/products/COF-001', { clientIp })).status).toBe(200);
    const before = await rateLimitCommands(gateway);
    expect(before).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) {
      const limited = await api.get('/api/v1/products/COF-001', { clientIp });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('ratelimit-remaining')).toBe('0');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(await rateLimitCommands(gateway)).toBe(before);
  });

  it('are shared by the replicas through Redis', async () => {
    const clientIp = uniqueIp();
    const replicaApi = new Api(`http://127.0.0.1:${replica.port}`);
    const statuses = [];
    for (let i = 0; i <= PER_ADDRESS; i++) statuses.push((await (i % 2 ? replicaApi : api).get('/api/v1/products/COF-001', { clientIp })).status);
    expect(statuses).toEqual([...Array<number>(PER_ADDRESS).fill(200), 429]);
  });

  it('are tuned at run time from the flags file, on every replica, and a bad value is refused', { timeout: 60_000 }, async () => {
    const changed = (app: RunningApp, value: number) =>
      app.process.waitForLine((_line, log) => log?.['msg'] === 'flag changed' && log['flag'] === 'gateway-rate-limit-per-address' && log['value'] === value, 20_000);
    try {
      await writeFile(flagsFile, limitFlags(2));
      await Promise.all([changed(gateway, 2), changed(replica, 2)]);
      const clientIp = uniqueIp();
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await api.get('/api/v1/products/COF-001', { clientIp })).status);
      expect(statuses).toEqual([200, 200, 429]);

      await writeFile(flagsFile, limitFlags(-1));
      await gateway.process.waitForLine((_line, log) => log?.['msg'] === 'flag value refused; the last good value stays in force', 20_000);
      const other = uniqueIp();
      const after = [];
      for (let i = 0; i < 3; i++) after.push((await api.get('/api/v1/products/COF-001', { clientIp: other })).status);
      expect(after).toEqual([200, 200, 429]);
    } finally {
      await writeFile(flagsFile, limitFlags(PER_ADDRESS));
      await Promise.all([changed(gateway, PER_ADDRESS), changed(replica, PER_ADDRESS)]);
    }
  });

  it('keep limiting each replica on its own while Redis is unreachable', async () => {
    redisProxy.block();
    try {
      const clientIp = uniqueIp();
      for (let i = 0; i < PER_ADDRESS; i++) expect((await api.get('/api/v1/products/COF-001', { clientIp })).status).toBe(200);
      expect((await api.get('/api/v1/products/COF-001', { clientIp })).status).toBe(429);
    } finally {
      redisProxy.unblock();
    }
  });
});

describe('the production profile', () => {
  it('refuses to start without a fingerprint key of its own, naming the variable', async () => {
    const child = startTsxProcess('apps/gateway/src/main.ts', {
      ...gatewayTestEnv(),
      SHOP_PROFILE: 'production',
      GRPC_MESH_MTLS: 'true',
      PORT: '0',
      ADMIN_PORT: '0',
    });
    const exit = await child.exited;
    expect(exit.code, child.output()).toBe(78);
    expect(child.output()).toContain('IDEMPOTENCY_FINGERPRINT_KEY: is required unless SHOP_PROFILE=local');
  });
});

describe('a service that stalls or dies', () => {
  it('answers 504 when the request budget runs out on a stalled service', async () => {
    inventory.process.signal('SIGSTOP');
    try {
      const response = await api.get('/api/v1/products/COF-001', { clientIp: uniqueIp() });
      expect(response.status).toBe(504);
      expect(response.body).toMatchObject({ type: PROBLEM('timeout'), status: 504 });
    } finally {
      inventory.process.signal('SIGCONT');
    }
  });

  it('answers 503 with Retry-After when a service is down, then from the open breaker without calling it', async () => {
    const user = await api.post('/api/v1/auth/login', { json: { email: 'a@example.com', password: 'whatever-it-is' }, clientIp: uniqueIp() });
    expect(user.status).toBe(503);
    expect(user.headers.get('retry-after')).toBe('1');

    await inventory.process.kill();
    const first = await api.get('/api/v1/products/COF-001', { clientIp: uniqueIp() });
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ type: PROBLEM('unavailable'), status: 503 });
    expect(first.body).not.toHaveProperty('detail'); // nothing about our internals
    let retryAfter = Number(first.headers.get('retry-after'));
    // The breaker opens once failures are half of its rolling window (which holds the successes above).
    for (let attempt = 0; attempt < 50 && retryAfter <= 1; attempt++) {
      const response = await api.get('/api/v1/products/COF-001', { clientIp: uniqueIp() });
      expect(response.status).toBe(503);
      retryAfter = Number(response.headers.get('retry-after'));
    }
    // The open breaker tells when it will let a trial call through: most of its reset timeout.
    expect(retryAfter).toBeGreaterThan(1);
    expect(retryAfter).toBeLessThanOrEqual(BREAKER_RESET_MS / 1000);
    const metrics = await (await fetch(`http://127.0.0.1:${gateway.adminPort}/metrics`)).text();
    expect(metrics).toMatch(/^circuit_breaker_state\{target="inventory"[^}]*\} 2$/m);
    expect(metrics).toMatch(/^circuit_breaker_events_total\{target="inventory",event="reject"[^}]*\} [1-9]/m);
    // Readiness is the gateway's own: a dead service behind it does not take it out of rotation.
    expect((await fetch(`http://127.0.0.1:${gateway.adminPort}/readyz`)).status).toBe(200);
  });
});
