import { status } from '@grpc/grpc-js';
import { fromTimestamp, quotaRefusalOf, type ServiceClient } from '@shop/rpc';
import type { UserServiceDefinition } from '@shop/rpc/generated/shop/user/v1/UserService';
import { freePort, freshDatabase, redisUrl, startApp, type FreshDatabase, type RunningApp } from '@shop/testing';
import { calculateJwkThumbprint, decodeProtectedHeader, exportJWK, importSPKI, jwtVerify } from 'jose';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, strongPassword, uniqueEmail, uniqueIp, userClient } from './support';

const TOKEN_TTL_SECONDS = 600;
const MAX_FAILURES_PER_ACCOUNT = 3;
const MAX_FAILURES_PER_ADDRESS = 5;

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
    // Test-only: scrypt at 2^10 keeps the many logins below cheap; production runs 2^15.
    SCRYPT_LOG2_N: '10',
    LOGIN_MAX_FAILURES_PER_ACCOUNT: String(MAX_FAILURES_PER_ACCOUNT),
    LOGIN_MAX_FAILURES_PER_ADDRESS: String(MAX_FAILURES_PER_ADDRESS),
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

async function register(email = uniqueEmail(), password = strongPassword()) {
  secrets.add(password);
  const { user } = await client.register({ email, password });
  return { user: user!, email, password };
}

function login(email: string, password: string, clientIp = uniqueIp(), via = client) {
  secrets.add(password);
  return via.login({ email, password, clientIp });
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
  it('issues a token that verifies with the public key in the key directory and names the user', async () => {
    const { user, email, password } = await register();
    const response = await login(email, password);

    expect(response.user).toEqual(user);
    const key = await publicKey();
    const { payload, protectedHeader } = await verify(response.accessToken, key);
    expect(payload.sub).toBe(user.id);
    expect(payload['email']).toBe(email);
    expect(payload.exp! - payload.iat!).toBe(TOKEN_TTL_SECONDS);
    expect(fromTimestamp(response.expiresAt)?.getTime()).toBe(payload.exp! * 1000);
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(protectedHeader.kid).toBe(await calculateJwkThumbprint(await exportJWK(key)));
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

  it('refuses the same email in another letter case with ALREADY_EXISTS and writes nothing', async () => {
    const { email } = await register();
    const before = await userRows();
    const duplicate = await failure(client.register({ email: email.toUpperCase(), password: strongPassword() }));
    expect(duplicate.code).toBe(status.ALREADY_EXISTS);
    expect(await userRows()).toBe(before);
  });

  it('creates exactly one account when ten registrations of one email race', async () => {
    const email = uniqueEmail('race');
    const variants = Array.from({ length: 10 }, (_, i) => (i % 2 ? email.toUpperCase() : email));
    const results = await Promise.allSettled(variants.map((variant) => register(variant)));

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const codes = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code: number }).code] : []));
    expect(codes).toEqual(Array(9).fill(status.ALREADY_EXISTS));
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

describe('login rate limits', () => {
  it('locks an account after too many failures, from any address, even for the right password', async () => {
    const { email, password } = await register();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      expect((await failure(login(email, strongPassword(), uniqueIp()))).code).toBe(status.UNAUTHENTICATED);
    }
    const locked = await failure(login(email, password, uniqueIp()));
    expect(locked.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(locked.details).toMatch(/retry after \d+ s/);
    // Another account is not affected.
    const other = await register();
    await expect(login(other.email, other.password)).resolves.toHaveProperty('accessToken');
  });

  it('limits unknown emails too, so the limit does not reveal which accounts exist', async () => {
    const nobody = uniqueEmail('nobody');
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) await failure(login(nobody, strongPassword()));
    expect((await failure(login(nobody, strongPassword()))).code).toBe(status.RESOURCE_EXHAUSTED);
  });

  it('forgets an account’s failures after a successful login', async () => {
    const { email, password } = await register();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) {
        expect((await failure(login(email, strongPassword()))).code).toBe(status.UNAUTHENTICATED);
      }
      await expect(login(email, password)).resolves.toHaveProperty('accessToken');
    }
  });

  it('limits one address across many accounts, and only that address', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      expect((await failure(login(uniqueEmail('spray'), strongPassword(), ip))).code).toBe(status.UNAUTHENTICATED);
    }
    const { email, password } = await register();
    const limited = await failure(login(email, password, ip));
    expect(limited.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(limited.details).toMatch(/retry after \d+ s/);
    await expect(login(email, password, uniqueIp())).resolves.toHaveProperty('accessToken');
  });

  it('counts every guess of a burst that arrives all at once, and refuses every attempt after it', async () => {
    const { email, password } = await register();
    const guesses = await Promise.allSettled(
      Array.from({ length: 10 }, () => login(email, strongPassword(), uniqueIp())),
    );
    const codes = guesses.map((g) => (g.status === 'rejected' ? (g.reason as { code: number }).code : status.OK));
    // Guesses in flight together may all reach the password check; each one that does is counted.
    expect(codes.every((code) => code === status.UNAUTHENTICATED || code === status.RESOURCE_EXHAUSTED)).toBe(true);
    expect(codes.filter((code) => code === status.UNAUTHENTICATED).length).toBeGreaterThanOrEqual(MAX_FAILURES_PER_ACCOUNT);
    expect((await failure(login(email, password, uniqueIp()))).code).toBe(status.RESOURCE_EXHAUSTED);
  });

  it('never refuses correct logins for taking part in a burst: only a failed password check counts', async () => {
    const { email, password } = await register();
    const ip = uniqueIp();
    const logins = await Promise.allSettled(Array.from({ length: 50 }, () => login(email, password, ip)));
    expect(logins.filter((result) => result.status === 'rejected').map((result) => (result.reason as Error).message)).toEqual([]);
  });

  it("marks its refusal as a quota refusal (QuotaFailure, RetryInfo), which the gateway's breaker never counts", async () => {
    const { email, password } = await register();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) await failure(login(email, strongPassword(), uniqueIp()));
    const refusal = quotaRefusalOf(await failure(login(email, password, uniqueIp())));
    expect(refusal).toMatchObject({ subject: 'login:account' });
    expect(refusal?.retryAfterMs).toBeGreaterThan(1000);
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

  it('still limits failed logins, in memory, while Redis is down', async () => {
    const { email } = await register();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
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
