import { createLogger } from '@shop/logging';
import { eventually, freePort, freshDatabase, redisUrl, startApp, type FreshDatabase, type RunningApp } from '@shop/testing';
import { calculateJwkThumbprint, exportJWK, SignJWT, type JWK } from 'jose';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AccessTokenVerifier } from '../src/auth/access-tokens';
import { VerificationKeys } from '../src/auth/verification-keys';
import { Api, strongPassword, uniqueEmail, uniqueIp } from './support/api';
import { gatewayTestEnv } from './support/system';

/*
 * Key rotation without a flag day: the user service publishes its keys as a JWK set keyed by kid;
 * the gateway caches the set, fetches it again for a kid it does not hold (within a bound) and
 * periodically (so a retired key stops verifying), and keeps its cached set while the user service
 * is down.
 */

const pair = () => generateKeyPairSync('ed25519');
const spki = (key: KeyObject) => key.export({ format: 'pem', type: 'spki' }).toString();
const pkcs8 = (key: KeyObject) => key.export({ format: 'pem', type: 'pkcs8' }).toString();

async function jwkOf(publicKey: KeyObject): Promise<JWK> {
  const { kty, crv, x } = await exportJWK(publicKey);
  return { kty, crv, x, kid: await calculateJwkThumbprint({ kty, crv, x }), alg: 'EdDSA', use: 'sig' };
}

async function token(privateKey: KeyObject, kid: string | undefined, subject = 'user-1'): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', ...(kid ? { kid } : {}) })
    .setIssuer('shop-user')
    .setAudience('shop')
    .setSubject(subject)
    .setExpirationTime('5m')
    .sign(privateKey);
}

const bearer = (value: string) => `Bearer ${value}`;
const status = (promise: Promise<unknown>) => promise.then(() => 200, (error: { status?: number }) => error.status);

/** A verifier whose key set is whatever `published` holds when it fetches; counts its fetches. */
function verifierOf(published: { keys: JWK[] | Error }, missCooldownMs = 60_000) {
  const fetches = { count: 0 };
  const keys = new VerificationKeys({
    fetch: () => {
      fetches.count++;
      return published.keys instanceof Error ? Promise.reject(published.keys) : Promise.resolve(JSON.stringify({ keys: published.keys }));
    },
    missCooldownMs,
    logger: createLogger({ service: 'gateway', level: 'silent' }),
  });
  return { keys, verifier: new AccessTokenVerifier(keys), fetches };
}

describe('the cached key set', () => {
  it('verifies tokens of the old and the new key during the overlap, each by its kid, and nothing else', async () => {
    const [previous, next, stranger] = [pair(), pair(), pair()];
    const [oldJwk, newJwk] = [await jwkOf(previous.publicKey), await jwkOf(next.publicKey)];
    const { keys, verifier } = verifierOf({ keys: [newJwk, oldJwk] });
    await keys.refresh();
    expect(keys.kids).toEqual([newJwk.kid, oldJwk.kid]);
    expect(await verifier.userIdOf(bearer(await token(previous.privateKey, oldJwk.kid, 'old-key-user')))).toBe('old-key-user');
    expect(await verifier.userIdOf(bearer(await token(next.privateKey, newJwk.kid, 'new-key-user')))).toBe('new-key-user');
    // A stranger's key under a held kid, a stranger's own kid, no kid while two are held: all 401.
    expect(await status(verifier.userIdOf(bearer(await token(stranger.privateKey, oldJwk.kid))))).toBe(401);
    expect(await status(verifier.userIdOf(bearer(await token(stranger.privateKey, (await jwkOf(stranger.publicKey)).kid))))).toBe(401);
    expect(await status(verifier.userIdOf(bearer(await token(next.privateKey, undefined))))).toBe(401);
  });

  it('is fetched again at once for a kid it does not hold, but at most once per cooldown', async () => {
    const [current, rotated] = [pair(), pair()];
    const published = { keys: [await jwkOf(current.publicKey)] };
    const { keys, verifier, fetches } = verifierOf(published);
    await keys.refresh();
    expect(fetches.count).toBe(1);

    // The user service switched keys before the periodic fetch: the first token of the new key fetches the set.
    published.keys = [await jwkOf(rotated.publicKey), await jwkOf(current.publicKey)];
    const rotatedKid = published.keys[0]!.kid;
    expect(await verifier.userIdOf(bearer(await token(rotated.privateKey, rotatedKid, 'rotated')))).toBe('rotated');
    expect(fetches.count).toBe(2);

    // Made-up kids within the cooldown fetch nothing more, however many arrive.
    const forger = pair();
    const forged = await Promise.all(Array.from({ length: 20 }, async (_, i) => status(verifier.userIdOf(bearer(await token(forger.privateKey, `made-up-${i}`))))));
    expect(forged).toEqual(Array<number>(20).fill(401));
    expect(fetches.count).toBe(2);
  });

  it('stops verifying a retired key at the first fetch without it', async () => {
    const [previous, next] = [pair(), pair()];
    const published = { keys: [await jwkOf(next.publicKey), await jwkOf(previous.publicKey)] };
    const { keys, verifier } = verifierOf(published);
    await keys.refresh();
    const oldToken = bearer(await token(previous.privateKey, published.keys[1]!.kid));
    expect(await status(verifier.userIdOf(oldToken))).toBe(200);
    published.keys = [published.keys[0]!];
    await keys.refresh();
    expect(await status(verifier.userIdOf(oldToken))).toBe(401);
    expect(await status(verifier.userIdOf(bearer(await token(next.privateKey, published.keys[0]!.kid))))).toBe(200);
  });

  it('checks a token once and remembers it until jwtVerify would refuse it, but not across a change of the key set', async () => {
    const [key, added] = [pair(), pair()];
    const published = { keys: [await jwkOf(key.publicKey)] };
    const { keys, verifier } = verifierOf(published);
    await keys.refresh();
    const getKey = vi.spyOn(keys, 'getKey');
    const signed = bearer(await token(key.privateKey, published.keys[0]!.kid, 'remembered'));
    expect(await verifier.userIdOf(signed)).toBe('remembered');
    expect(await verifier.userIdOf(signed)).toBe('remembered');
    expect(getKey).toHaveBeenCalledTimes(1);

    // Another key published beside it: the set changed, so the token is checked again (and still holds).
    published.keys = [...published.keys, await jwkOf(added.publicKey)];
    await keys.refresh();
    expect(await verifier.userIdOf(signed)).toBe('remembered');
    expect(getKey).toHaveBeenCalledTimes(2);
    // A refresh that finds the same set keeps what was checked.
    await keys.refresh();
    expect(await verifier.userIdOf(signed)).toBe('remembered');
    expect(getKey).toHaveBeenCalledTimes(2);

    // Expired 4 s ago, inside the 5 s clock tolerance: accepted, and remembered only until the tolerance runs out.
    const late = bearer(
      await new SignJWT({})
        .setProtectedHeader({ alg: 'EdDSA', kid: published.keys[0]!.kid! })
        .setIssuer('shop-user')
        .setAudience('shop')
        .setSubject('late')
        .setExpirationTime(Math.floor(Date.now() / 1000) - 4)
        .sign(key.privateKey),
    );
    expect(await verifier.userIdOf(late)).toBe('late');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await expect(verifier.userIdOf(late)).rejects.toMatchObject({ status: 401, message: 'the access token has expired' });
  });

  it('keeps verifying with the cached set when a fetch fails, and answers 503 (not 401) before it has any', async () => {
    const key = pair();
    const jwk = await jwkOf(key.publicKey);
    const published: { keys: JWK[] | Error } = { keys: new Error('UNAVAILABLE: the user service is down') };
    const { keys, verifier } = verifierOf(published, 0);
    const signed = bearer(await token(key.privateKey, jwk.kid));
    await expect(keys.refresh()).rejects.toThrow(/UNAVAILABLE/);
    expect(await status(verifier.userIdOf(signed))).toBe(503);

    published.keys = [jwk];
    expect(await status(verifier.userIdOf(signed))).toBe(200); // the next token fetched the set
    published.keys = new Error('UNAVAILABLE: the user service is down');
    await expect(keys.refresh()).rejects.toThrow(/UNAVAILABLE/);
    expect(keys.kids).toEqual([jwk.kid]);
    expect(await status(verifier.userIdOf(signed))).toBe(200);
  });
});

describe('a rotation across real processes', () => {
  const [previous, next] = [pair(), pair()];
  let db: FreshDatabase;
  let dir: string;
  let user: RunningApp | undefined;
  let gateway: RunningApp;
  let api: Api;
  let userPorts: { port: number; adminPort: number };

  /** (Re)starts the user service on its fixed address, signing with `signing` and publishing `published` beside it. */
  async function startUser(name: string, signing: KeyObject, published: KeyObject[]): Promise<void> {
    const keyFile = join(dir, `${name}-private.pem`);
    await writeFile(keyFile, pkcs8(signing), { mode: 0o600 });
    const env: Record<string, string> = { DATABASE_URL: db.url, REDIS_URL: redisUrl(), JWT_PRIVATE_KEY_FILE: keyFile, SCRYPT_LOG2_N: '10' };
    if (published.length > 0) {
      env['JWT_PUBLISHED_KEYS_FILE'] = join(dir, `${name}-published.pem`);
      await writeFile(env['JWT_PUBLISHED_KEYS_FILE'], published.map(spki).join(''));
    }
    user = await startApp('user', { env, ...userPorts });
  }

  async function stopUser(): Promise<void> {
    await user?.stop();
    user = undefined;
  }

  /** Whether the gateway accepts the token: GET /me answers 200 (or 503 with the user service down), never 401. */
  const me = (accessToken: string) => api.get('/api/v1/me', { token: accessToken, clientIp: uniqueIp() }).then((response) => response.status);
  const keysLoaded = (kids: string[]) =>
    gateway.process.waitForLine((_line, log) => log?.['msg'] === 'token verification keys loaded' && JSON.stringify(log['kids']) === JSON.stringify(kids), 20_000);

  beforeAll(async () => {
    db = await freshDatabase('user');
    dir = await mkdtemp(join(tmpdir(), 'shop-gateway-rotation-'));
    userPorts = { port: await freePort(), adminPort: await freePort() };
    await startUser('first', previous.privateKey, [next.publicKey]);
    const deadPort = await freePort();
    gateway = await startApp('gateway', {
      env: {
        ...gatewayTestEnv(),
        USER_ADDR: `127.0.0.1:${userPorts.port}`,
        INVENTORY_ADDR: `127.0.0.1:${deadPort}`,
        ORDER_ADDR: `127.0.0.1:${deadPort}`,
        JWT_KEYS_REFRESH_MS: '500',
        RATE_LIMIT_AUTH_PER_ADDRESS: '1000',
      },
    });
    api = new Api(`http://127.0.0.1:${gateway.port}`);
  });

  afterAll(async () => {
    await gateway?.process.kill();
    await user?.process.kill();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps old and new tokens valid through the overlap, retires the old key, and survives the user service going down', { timeout: 90_000 }, async () => {
    const [oldKid, newKid] = [(await jwkOf(previous.publicKey)).kid!, (await jwkOf(next.publicKey)).kid!];
    const credentials = { email: uniqueEmail('rotation'), password: strongPassword() };
    expect((await api.post('/api/v1/auth/register', { json: credentials, clientIp: uniqueIp() })).status).toBe(202);
    // After a restart the gateway's channel reconnects (and its breaker closes) within a moment: until then, 503.
    const login = async () => {
      let accessToken: string | undefined;
      const loggedIn = await eventually(async () => {
        const response = await api.post('/api/v1/auth/login', { json: credentials, clientIp: uniqueIp() });
        accessToken = response.body?.accessToken;
        return response.status === 200;
      }, 20_000);
      expect(loggedIn).toBe(true);
      return accessToken!;
    };

    // 1. Signing with the old key, the next one published beside it.
    const oldToken = await login();
    expect(await me(oldToken)).toBe(200);

    // 2. The switch: the new key signs, the old one stays published until its tokens expire.
    await stopUser();
    await startUser('switched', next.privateKey, [previous.publicKey]);
    const newToken = await login();
    expect(await me(newToken)).toBe(200);
    expect(await me(oldToken)).toBe(200);

    // 3. The old key retired: its tokens stop verifying once the gateway has fetched the set again.
    await stopUser();
    await startUser('retired', next.privateKey, []);
    await keysLoaded([newKid]);
    expect(await me(oldToken)).toBe(401);
    expect(await me(newToken)).toBe(200);
    expect(oldKid).not.toBe(newKid);

    // 4. The user service down: fetches fail, the cached set still verifies (503 is /me's own call failing, not the token).
    const failedRefreshes = () => gateway.process.logs.filter((log) => log['msg'] === 'token key refresh failed').length;
    const failedBefore = failedRefreshes();
    await stopUser();
    expect(await eventually(() => failedRefreshes() >= failedBefore + 2, 20_000)).toBe(true);
    expect(await me(newToken)).toBe(503);
    expect(await me(oldToken)).toBe(401);
  });
});
