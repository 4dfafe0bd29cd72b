import { status } from '@grpc/grpc-js';
import { fromTimestamp, quotaRefusalOf, type ServiceClient, type ServiceError } from '@shop/rpc';
import type { UserServiceDefinition } from '@shop/rpc/generated/shop/user/v1/UserService';
import { eventually, freePort, freshDatabase, redisUrl, startApp, type FreshDatabase, type RunningApp } from '@shop/testing';
import { calculateJwkThumbprint, createLocalJWKSet, decodeProtectedHeader, exportJWK, importSPKI, jwtVerify } from 'jose';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, strongPassword, uniqueEmail, uniqueIp, userClient } from './support';

const TOKEN_TTL_SECONDS = 600;
const FREE_FAILURES_PER_ACCOUNT = 3;
const FREE_FAILURES_PER_ADDRESS = 5;
const BASE_DELAY_MS = 300;
const MAX_DELAY_MS = 1500;

let db: FreshDatabase;
let sql: pg.Pool;
let keyDir: string;
let app: RunningApp;
let client: ServiceClient<UserServiceDefinition>;
/** Every password this file sends, and every hash stored: none may ever appear in the app's output. */
const secrets = new Set<string>();

function appEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl(),
    JWT_KEY_DIR: keyDir,
    ACCESS_TOKEN_TTL_SECONDS: String(TOKEN_TTL_SECONDS),
    // Test-only: scrypt at 2^10 keeps the many logins below cheap; production runs 2^17.
    SCRYPT_LOG2_N: '10',
    LOGIN_FREE_FAILURES_PER_ACCOUNT: String(FREE_FAILURES_PER_ACCOUNT),
    LOGIN_FREE_FAILURES_PER_ADDRESS: String(FREE_FAILURES_PER_ADDRESS),
    LOGIN_DELAY_BASE_MS: String(BASE_DELAY_MS),
    LOGIN_DELAY_MAX_MS: String(MAX_DELAY_MS),
    // Bursts below are about login delays, not the hashing bound (tested on its own instance).
    SCRYPT_MAX_WAITING: '1000',
    // Sweeps often and in small batches, so one sweep below takes several.
    REFRESH_TOKEN_SWEEP_INTERVAL_MS: '200',
    REFRESH_TOKEN_SWEEP_BATCH_SIZE: '3',
    ...overrides,
  };
}

beforeAll(async () => {
  db = await freshDatabase('user');
  sql = new pg.Pool({ connectionString: db.url, max: 2 });
  keyDir = await mkdtemp(join(tmpdir(), 'shop-user-keys-'));
  app = await startApp('user', { mode: 'source', env: appEnv() });
  client = userClient(app.grpcAddress);
});

afterAll(async () => {
  client?.close();
  await app?.process.kill();
  await sql?.end();
  await db?.drop();
  if (keyDir) await rm(keyDir, { recursive: true, force: true });
});

/** Registers, then logs in once to learn the account (register itself says nothing about it). */
async function register(email = uniqueEmail(), password = strongPassword()) {
  secrets.add(password);
  expect(await client.register({ email, password })).toEqual({ user: null });
  const { user, deviceToken } = await login(email, password);
  return { user: user!, email, password, deviceToken };
}

function login(email: string, password: string, clientIp = uniqueIp(), via = client, deviceToken = '') {
  secrets.add(password);
  return via.login({ email, password, clientIp, deviceToken });
}

/** Marks a used refresh token as used an hour ago: past the reuse interval. */
async function usedLongAgo(refreshToken: string): Promise<void> {
  const { rowCount } = await sql.query(`UPDATE refresh_tokens SET used_at = used_at - interval '1 hour' WHERE token_hash = sha256($1::text::bytea)`, [refreshToken]);
  expect(rowCount).toBe(1);
}

async function userRows(): Promise<number> {
  const { rows } = await sql.query<{ count: string }>('SELECT count(*) FROM users');
  return Number(rows[0]!.count);
}

async function publicKey() {
  return importSPKI(await readFile(join(keyDir, 'jwt-public.pem'), 'utf8'), 'EdDSA');
}

function verify(token: string, key: Awaited<ReturnType<typeof publicKey>>) {
  return jwtVerify(token, key, { issuer: 'shop-user', audience: 'shop', algorithms: ['EdDSA'] });
}

describe('Register, Login and GetUser', () => {
  it('issues a token that verifies with the public key in the key directory and names the user, with nothing personal in it', async () => {
    const { user, email, password } = await register();
    const response = await login(email, password);

    expect(response.user).toEqual(user);
    const key = await publicKey();
    const { payload, protectedHeader } = await verify(response.accessToken, key);
    expect(payload.sub).toBe(user.id);
    expect(Object.keys(payload).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'sub']);
    expect(JSON.stringify(payload)).not.toContain(email);
    expect(payload.exp! - payload.iat!).toBe(TOKEN_TTL_SECONDS);
    expect(fromTimestamp(response.expiresAt)?.getTime()).toBe(payload.exp! * 1000);
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(protectedHeader.kid).toBe(await calculateJwkThumbprint(await exportJWK(key)));
  });

  it('publishes its verification keys as a JWK set keyed by kid, which verifies its tokens', async () => {
    const { email, password } = await register();
    const { accessToken } = await login(email, password);
    const { jwks } = await client.getVerificationKeys({});
    const set = JSON.parse(jwks) as { keys: Array<Record<string, string>> };
    const key = await exportJWK(await publicKey());
    expect(set.keys).toEqual([{ ...key, kid: await calculateJwkThumbprint(key), alg: 'EdDSA', use: 'sig' }]);
    const { payload } = await jwtVerify(accessToken, createLocalJWKSet(set), { issuer: 'shop-user', audience: 'shop', algorithms: ['EdDSA'] });
    expect(payload.sub).toBeDefined();
  });

  it('returns the profile by id, and NOT_FOUND for an id nobody has', async () => {
    const { user, email } = await register();
    const { user: fetched } = await client.getUser({ userId: user.id });
    expect(fetched).toEqual(user);
    expect(fetched!.email).toBe(email);
    expect(fromTimestamp(fetched!.createdAt)!.getTime()).toBeGreaterThan(Date.now() - 60_000);

    const missing = await failure(client.getUser({ userId: '00000000-0000-4000-8000-000000000000' }));
    expect(missing.code).toBe(status.NOT_FOUND);
  });

  it('normalises the email, keeps its local part as typed, and matches it in any case', async () => {
    const local = `Mixed.Case.${Date.now()}`;
    const { user, password } = await register(`  ${local}@Example.COM `);
    expect(user.email).toBe(`${local}@example.com`);

    const response = await login(`${local.toLowerCase()}@EXAMPLE.com`, password);
    expect(response.user!.id).toBe(user.id);
  });

  it('answers a taken email exactly as a new one, and changes nothing of the account', async () => {
    const { email, password, user } = await register();
    const before = await userRows();
    const fresh = await client.register({ email: uniqueEmail('fresh'), password: strongPassword() });
    const otherPassword = strongPassword();
    secrets.add(otherPassword);
    const taken = await client.register({ email: email.toUpperCase(), password: otherPassword });
    expect(taken).toEqual(fresh);
    expect(await userRows()).toBe(before + 1);
    // The owner's password still opens the account; the second registration's does not.
    expect((await login(email, password)).user!.id).toBe(user.id);
    expect((await failure(login(email, otherPassword))).code).toBe(status.UNAUTHENTICATED);
  });

  it('creates exactly one account when ten registrations of one email race, and answers all of them alike', async () => {
    const email = uniqueEmail('race');
    const variants = Array.from({ length: 10 }, (_, i) => (i % 2 ? email.toUpperCase() : email));
    const results = await Promise.all(variants.map((variant) => client.register({ email: variant, password: strongPassword() })));
    expect(results).toEqual(Array(10).fill({ user: null }));
    const { rows } = await sql.query('SELECT id FROM users WHERE lower(email) = lower($1)', [email]);
    expect(rows).toHaveLength(1);
  });

  it('stores a salted scrypt hash, never the password', async () => {
    const password = strongPassword();
    const [first, second] = [await register(uniqueEmail(), password), await register(uniqueEmail(), password)];
    const { rows } = await sql.query<{ password_hash: string }>(
      'SELECT password_hash FROM users WHERE id = ANY($1) ORDER BY email',
      [[first.user.id, second.user.id]],
    );
    for (const { password_hash: hash } of rows) {
      secrets.add(hash);
      expect(hash).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
      expect(hash).not.toContain(password);
    }
    // Same password, different salts: different hashes.
    expect(rows[0]!.password_hash).not.toBe(rows[1]!.password_hash);
  });
});

describe('bad input', () => {
  const invalidRegistrations: Array<[string, { email: string; password: string }]> = [
    ['an empty email', { email: '', password: 'Valid-password-1' }],
    ['an email without @', { email: 'not-an-email', password: 'Valid-password-1' }],
    ['an email without a domain', { email: 'someone@', password: 'Valid-password-1' }],
    ['an email with two @', { email: 'a@b@example.com', password: 'Valid-password-1' }],
    ['a 255-character email', { email: `${'a'.repeat(64)}@${'b'.repeat(186)}.com`, password: 'Valid-password-1' }],
    ['an empty password', { email: uniqueEmail(), password: '' }],
    ['a 9-character password', { email: uniqueEmail(), password: 'Abcdefg1!' }],
    ['a password of lowercase letters only', { email: uniqueEmail(), password: 'onlylowercaseletters' }],
    ['a password of digits only', { email: uniqueEmail(), password: '12345678901234' }],
    ['a 129-character password', { email: uniqueEmail(), password: `A${'b'.repeat(128)}` }],
    ['a 100 000-character password', { email: uniqueEmail(), password: `A1${'x'.repeat(99_998)}` }],
  ];

  it.each(invalidRegistrations)('Register refuses %s with INVALID_ARGUMENT and writes nothing', async (_, request) => {
    secrets.add(request.password);
    const before = await userRows();
    const error = await failure(client.register(request));
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(await userRows()).toBe(before);
  });

  it('Register names the broken rule, not the value', async () => {
    const password = 'onlylowercaseletters';
    const error = await failure(client.register({ email: uniqueEmail(), password }));
    expect(error.details).toMatch(/password: must mix at least two kinds of character/);
    expect(error.details).not.toContain(password);
  });

  it.each([
    ['an empty email', { email: '', password: 'Valid-password-1', clientIp: '10.0.0.1' }],
    ['an empty password', { email: uniqueEmail(), password: '', clientIp: '10.0.0.1' }],
    ['a huge password', { email: uniqueEmail(), password: 'x'.repeat(10_000), clientIp: '10.0.0.1' }],
    ['no client_ip', { email: uniqueEmail(), password: 'Valid-password-1', clientIp: '' }],
    ['a client_ip that is not an address', { email: uniqueEmail(), password: 'Valid-password-1', clientIp: 'gateway' }],
  ])('Login refuses %s with INVALID_ARGUMENT', async (_, request) => {
    const error = await failure(client.login(request));
    expect(error.code).toBe(status.INVALID_ARGUMENT);
  });

  it.each([
    ['an empty user_id', ''],
    ['a user_id that is not a UUID', 'not-a-uuid'],
    ['a truncated UUID', '6f9619ff-8b86-4011-b42d-00c04fc964f'],
    ["a UUID with SQL after it", "6f9619ff-8b86-4011-b42d-00c04fc964ff' OR '1'='1"],
  ])('GetUser refuses %s with INVALID_ARGUMENT', async (_, userId) => {
    const error = await failure(client.getUser({ userId }));
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toContain('user_id');
  });
});

describe('authentication failures', () => {
  it('answers a wrong password and an unknown email identically', async () => {
    const { email } = await register();
    const wrongPassword = await failure(login(email, strongPassword()));
    const unknownEmail = await failure(login(uniqueEmail('nobody'), strongPassword()));

    expect(wrongPassword.code).toBe(status.UNAUTHENTICATED);
    expect(unknownEmail.code).toBe(status.UNAUTHENTICATED);
    expect(wrongPassword.details).toBe(unknownEmail.details);
  });

  it('rejects a token whose payload was altered', async () => {
    const { email, password } = await register();
    const other = await register();
    const { accessToken } = await login(email, password);
    const [header, payload, signature] = accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: other.user.id })).toString('base64url');

    const key = await publicKey();
    await expect(verify(`${header}.${payload}.${signature}`, key)).resolves.toBeDefined();
    await expect(verify(`${header}.${forged}.${signature}`, key)).rejects.toThrow(/signature verification failed/);
  });
});

/** Fails `count` logins to `email` with wrong passwords from fresh addresses, waiting out each delay. */
async function failLogins(email: string, count: number): Promise<void> {
  for (let done = 0; done < count; ) {
    const error = await failure(login(email, strongPassword(), uniqueIp()));
    if (error.code === status.UNAUTHENTICATED) done++;
    else await sleep(quotaRefusalOf(error)!.retryAfterMs);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('login delays', () => {
  it('never locks the owner out: a client that logged in before gets in at once, anyone else after the delay', async () => {
    const owner = await register();
    // A stranger guesses from many addresses, well past the free failures.
    await failLogins(owner.email, FREE_FAILURES_PER_ACCOUNT + 4);

    // The right password from a new client waits (and is refused before it is checked)...
    const waiting = await failure(login(owner.email, owner.password, uniqueIp()));
    expect(waiting.code).toBe(status.RESOURCE_EXHAUSTED);
    const refusal = quotaRefusalOf(waiting)!;
    expect(refusal.subject).toBe('login:account');
    expect(refusal.retryAfterMs).toBeLessThanOrEqual(MAX_DELAY_MS);
    // ...at most the cap: after it, the right password works from anywhere.
    await sleep(refusal.retryAfterMs);
    expect((await login(owner.email, owner.password, uniqueIp())).user!.id).toBe(owner.user.id);

    // And the owner's own browser, with its device token, is let in at once, from anywhere.
    await failLogins(owner.email, FREE_FAILURES_PER_ACCOUNT + 4);
    expect((await failure(login(owner.email, owner.password, uniqueIp()))).code).toBe(status.RESOURCE_EXHAUSTED);
    const known = await login(owner.email, owner.password, uniqueIp(), client, owner.deviceToken);
    expect(known.user!.id).toBe(owner.user.id);
  });

  it('delays unknown emails the same way, so the delay does not reveal which accounts exist', async () => {
    const nobody = uniqueEmail('nobody');
    await failLogins(nobody, FREE_FAILURES_PER_ACCOUNT + 1);
    const refusal = quotaRefusalOf(await failure(login(nobody, strongPassword())));
    expect(refusal).toMatchObject({ subject: 'login:account' });
  });

  it('forgets an account’s failures after a successful login', async () => {
    const { email, password } = await register();
    for (let round = 0; round < 2; round++) {
      await failLogins(email, FREE_FAILURES_PER_ACCOUNT);
      await expect(login(email, password)).resolves.toHaveProperty('accessToken');
    }
  });

  it('delays one address across many accounts, and only that address', async () => {
    // Registered first, so that the attempt below follows the last failure at once: the delay is
    // BASE_DELAY_MS from that failure, and a registration in between can outlast it on a busy machine.
    const { email, password } = await register();
    const ip = uniqueIp();
    for (let i = 0; i <= FREE_FAILURES_PER_ADDRESS; i++) {
      expect((await failure(login(uniqueEmail('spray'), strongPassword(), ip))).code).toBe(status.UNAUTHENTICATED);
    }
    const limited = await failure(login(email, password, ip));
    expect(limited.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(quotaRefusalOf(limited)).toMatchObject({ subject: 'login:address' });
    await expect(login(email, password, uniqueIp())).resolves.toHaveProperty('accessToken');
  });

  it('never refuses correct logins for taking part in a burst: only a failed password check counts', async () => {
    const { email, password } = await register();
    const ip = uniqueIp();
    const logins = await Promise.allSettled(Array.from({ length: 30 }, () => login(email, password, ip)));
    expect(logins.filter((result) => result.status === 'rejected').map((result) => (result.reason as Error).message)).toEqual([]);
  });

  it('refuses a device token of another account', async () => {
    const [owner, other] = [await register(), await register()];
    await failLogins(owner.email, FREE_FAILURES_PER_ACCOUNT + 2);
    const error = await failure(login(owner.email, owner.password, uniqueIp(), client, other.deviceToken));
    expect(error.code).toBe(status.RESOURCE_EXHAUSTED);
  });
});

describe('refresh tokens', () => {
  it('rotate: each works once and gives the next; reusing a used one after the reuse interval revokes the whole family', async () => {
    const { email, password, user } = await register();
    const first = await login(email, password);
    expect(first.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fromTimestamp(first.refreshExpiresAt)!.getTime()).toBeGreaterThan(Date.now());

    const second = await client.refresh({ refreshToken: first.refreshToken });
    expect(second.user!.id).toBe(user.id);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const { payload } = await verify(second.accessToken, await publicKey());
    expect(payload.sub).toBe(user.id);
    const third = await client.refresh({ refreshToken: second.refreshToken });

    // The first token again, long after it was used: a copy leaked. Refused, and so is the family's newest.
    await usedLongAgo(first.refreshToken);
    expect((await failure(client.refresh({ refreshToken: first.refreshToken }))).code).toBe(status.UNAUTHENTICATED);
    expect((await failure(client.refresh({ refreshToken: third.refreshToken }))).code).toBe(status.UNAUTHENTICATED);
    // Another login is another family, untouched.
    const other = await login(email, password);
    await expect(client.refresh({ refreshToken: other.refreshToken })).resolves.toHaveProperty('accessToken');
  });

  it('answers two refreshes with one token at once (two tabs) alike, with one successor, and the session lives on', async () => {
    const { email, password, user } = await register();
    const { refreshToken } = await login(email, password);
    const tabs = await Promise.all(Array.from({ length: 4 }, () => client.refresh({ refreshToken })));
    const successors = new Set(tabs.map((tab) => tab.refreshToken));
    expect(successors.size).toBe(1);
    for (const tab of tabs) expect(tab.user!.id).toBe(user.id);
    // Each tab's access token is its own; all are good.
    for (const tab of tabs) expect((await verify(tab.accessToken, await publicKey())).payload.sub).toBe(user.id);
    const successor = tabs[0]!.refreshToken;
    const { rows } = await sql.query<{ count: string }>('SELECT count(*) FROM refresh_tokens WHERE user_id = $1', [user.id]);
    expect(Number(rows[0]!.count)).toBe(3); // the register's login, this login's token and its one successor

    // The family lives on: the successor refreshes, and the used token repeated in the interval still gets the same successor.
    const next = await client.refresh({ refreshToken: successor });
    expect((await client.refresh({ refreshToken })).refreshToken).toBe(successor);
    await expect(client.refresh({ refreshToken: next.refreshToken })).resolves.toHaveProperty('accessToken');
  });

  it('refuses a repeat within the interval once the session was logged out', async () => {
    const { email, password } = await register();
    const { refreshToken } = await login(email, password);
    const { refreshToken: successor } = await client.refresh({ refreshToken });
    await client.logout({ refreshToken: successor });
    expect((await failure(client.refresh({ refreshToken }))).code).toBe(status.UNAUTHENTICATED);
  });

  it('deletes expired tokens in bounded batches, in the background, and counts them', async () => {
    const { email, password, user } = await register();
    const { refreshToken } = await login(email, password);
    const swept = async () => Number(/^user_refresh_tokens_total\{outcome="swept"[^}]*\} (\d+)/m.exec(await (await fetch(`http://127.0.0.1:${app.adminPort}/metrics`)).text())?.[1]);
    const sweptBefore = await swept();
    // Seven expired tokens: more than two batches of three.
    await sql.query(
      `INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at)
       SELECT gen_random_uuid()::text::bytea, gen_random_uuid(), $1, now() - interval '1 minute' FROM generate_series(1, 7)`,
      [user.id],
    );
    const expired = async () => Number((await sql.query<{ count: string }>('SELECT count(*) FROM refresh_tokens WHERE expires_at <= now()')).rows[0]!.count);
    expect(await eventually(async () => (await expired()) === 0, 20_000)).toBe(true);
    expect(await swept()).toBeGreaterThanOrEqual(sweptBefore + 7);
    // Live tokens stay.
    await expect(client.refresh({ refreshToken })).resolves.toHaveProperty('accessToken');
  });

  it('logout revokes the session; it is idempotent and says nothing about unknown tokens', async () => {
    const { email, password } = await register();
    const session = await login(email, password);
    const next = await client.refresh({ refreshToken: session.refreshToken });
    await client.logout({ refreshToken: next.refreshToken });
    await client.logout({ refreshToken: next.refreshToken });
    expect((await failure(client.refresh({ refreshToken: next.refreshToken }))).code).toBe(status.UNAUTHENTICATED);
    await expect(client.logout({ refreshToken: 'not-a-token-anyone-has' })).resolves.toEqual({});
    expect((await failure(client.refresh({ refreshToken: 'not-a-token-anyone-has' }))).code).toBe(status.UNAUTHENTICATED);
  });

  it('stores only a digest of each token', async () => {
    const { email, password, user } = await register();
    const { refreshToken } = await login(email, password);
    secrets.add(refreshToken);
    const { rows } = await sql.query<{ token_hash: Buffer }>('SELECT token_hash FROM refresh_tokens WHERE user_id = $1', [user.id]);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.token_hash).toHaveLength(32);
      expect(row.token_hash.toString('base64url')).not.toBe(refreshToken);
    }
  });
});

describe('abuse of the hashing work', () => {
  it('bounds concurrent password hashes under a flood: the excess is refused at once as a quota refusal, nothing else fails', async () => {
    const bounded = await startApp('user', {
      mode: 'source',
      env: appEnv({ SCRYPT_LOG2_N: '14', SCRYPT_MAX_CONCURRENT: '1', SCRYPT_MAX_WAITING: '2', LOGIN_FREE_FAILURES_PER_ADDRESS: '1000' }),
    });
    const boundedClient = userClient(bounded.grpcAddress);
    try {
      const flood = await Promise.allSettled(Array.from({ length: 24 }, () => login(uniqueEmail('flood'), strongPassword(), uniqueIp(), boundedClient)));
      const errors = flood.map((result) => (result.status === 'rejected' ? (result.reason as ServiceError) : undefined));
      const refused = errors.filter((error) => error?.code === status.RESOURCE_EXHAUSTED);
      expect(refused.length).toBeGreaterThan(0);
      for (const error of refused) expect(quotaRefusalOf(error!)).toMatchObject({ subject: 'password-hashing' });
      // Every other attempt was checked and answered as usual.
      expect(errors.filter((error) => error?.code !== status.RESOURCE_EXHAUSTED).map((error) => error?.code)).toEqual(
        Array(24 - refused.length).fill(status.UNAUTHENTICATED),
      );
    } finally {
      boundedClient.close();
      await bounded.process.kill();
    }
  });

  it('caps sign-ups per minute across the service, as a quota refusal', async () => {
    // A Redis database of its own: the ceiling is one counter for the whole service.
    const redis = new URL(redisUrl());
    redis.pathname = '/7';
    const capped = await startApp('user', { mode: 'source', env: appEnv({ REDIS_URL: redis.toString(), REGISTRATIONS_PER_MINUTE: '3' }) });
    const cappedClient = userClient(capped.grpcAddress);
    try {
      const attempts = await Promise.allSettled(Array.from({ length: 5 }, () => cappedClient.register({ email: uniqueEmail('signup'), password: strongPassword() })));
      const refused = attempts.flatMap((attempt) => (attempt.status === 'rejected' ? [attempt.reason as ServiceError] : []));
      expect(refused).toHaveLength(2);
      for (const error of refused) expect(quotaRefusalOf(error)).toMatchObject({ subject: 'register:all' });
    } finally {
      cappedClient.close();
      await capped.process.kill();
    }
  });
});

describe('a second instance (the built bundle) on the same key directory and database, with Redis down and a raised hashing cost', () => {
  let second: RunningApp;
  let secondClient: ServiceClient<UserServiceDefinition>;
  let account: Awaited<ReturnType<typeof register>>;

  beforeAll(async () => {
    account = await register();
    const deadRedis = `redis://127.0.0.1:${await freePort()}`;
    second = await startApp('user', { mode: 'built', env: appEnv({ REDIS_URL: deadRedis, SCRYPT_LOG2_N: '11' }) });
    secondClient = userClient(second.grpcAddress);
  });

  afterAll(async () => {
    secondClient?.close();
    await second?.process.kill();
  });

  it('signs with the same key, so one public key verifies both', async () => {
    const first = await login(account.email, account.password);
    const { accessToken } = await login(account.email, account.password, uniqueIp(), secondClient);
    expect(decodeProtectedHeader(accessToken).kid).toBe(decodeProtectedHeader(first.accessToken).kid);
    await expect(verify(accessToken, await publicKey())).resolves.toBeDefined();
  });

  it('re-hashes a hash made at a lower cost at the next successful login', async () => {
    const { user, email, password } = await register();
    const storedHash = async () => {
      const { rows } = await sql.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [
        user.id,
      ]);
      secrets.add(rows[0]!.password_hash);
      return rows[0]!.password_hash;
    };
    expect(await storedHash()).toMatch(/^\$scrypt\$ln=10,/);
    await login(email, password, uniqueIp(), secondClient);
    expect(await storedHash()).toMatch(/^\$scrypt\$ln=11,r=8,p=1\$/);
    // And the upgraded hash still verifies.
    await expect(login(email, password)).resolves.toHaveProperty('accessToken');
  });

  it('still delays failed logins, in memory, while Redis is down', async () => {
    const email = uniqueEmail('offline');
    for (let i = 0; i < FREE_FAILURES_PER_ACCOUNT + 1; i++) {
      const error = await failure(login(email, strongPassword(), uniqueIp(), secondClient));
      expect(error.code).toBe(status.UNAUTHENTICATED);
    }
    const limited = await failure(login(email, strongPassword(), uniqueIp(), secondClient));
    expect(limited.code).toBe(status.RESOURCE_EXHAUSTED);
  });

  it('never wrote a password or a password hash to either process’s output', () => {
    expect(secrets.size).toBeGreaterThan(20);
    for (const running of [app, second]) {
      const output = running.process.lines.map((line) => line.text).join('\n');
      expect(output).toContain('rpc handled'); // the scan looks at real request logs
      const leaked = [...secrets].filter((secret) => secret.length >= 8 && output.includes(secret));
      expect(leaked).toEqual([]);
    }
  });
});
