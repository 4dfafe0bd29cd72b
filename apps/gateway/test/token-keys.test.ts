import { calculateJwkThumbprint, exportJWK, SignJWT } from 'jose';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AccessTokenVerifier } from '../src/auth/access-tokens';

/* Key rotation without a flag day: the verifier holds a JWK set keyed by kid. */

const pair = () => generateKeyPairSync('ed25519');
const pem = (key: KeyObject) => key.export({ format: 'pem', type: 'spki' }).toString();
const kidOf = async (key: KeyObject) => calculateJwkThumbprint(await exportJWK(key));

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

describe('token verification keys', () => {
  it('accepts tokens of the old and the new key during the overlap, each by its kid', async () => {
    const [previous, next] = [pair(), pair()];
    const verifier = await AccessTokenVerifier.fromPems(`${pem(previous.publicKey)}\n${pem(next.publicKey)}`);
    expect(verifier.kids).toEqual([await kidOf(previous.publicKey), await kidOf(next.publicKey)]);
    expect(await verifier.userIdOf(bearer(await token(previous.privateKey, await kidOf(previous.publicKey), 'old-key-user')))).toBe('old-key-user');
    expect(await verifier.userIdOf(bearer(await token(next.privateKey, await kidOf(next.publicKey), 'new-key-user')))).toBe('new-key-user');
  });

  it('refuses a token signed by a key it does not hold, whatever kid it claims, and one without a kid when it holds two', async () => {
    const [previous, next, stranger] = [pair(), pair(), pair()];
    const verifier = await AccessTokenVerifier.fromPems(`${pem(previous.publicKey)}${pem(next.publicKey)}`);
    expect(await status(verifier.userIdOf(bearer(await token(stranger.privateKey, await kidOf(previous.publicKey)))))).toBe(401);
    expect(await status(verifier.userIdOf(bearer(await token(stranger.privateKey, await kidOf(stranger.publicKey)))))).toBe(401);
    expect(await status(verifier.userIdOf(bearer(await token(next.privateKey, undefined))))).toBe(401);
  });

  it('stops accepting the old key once it is dropped from the set', async () => {
    const [previous, next] = [pair(), pair()];
    const after = await AccessTokenVerifier.fromPems(pem(next.publicKey));
    expect(await status(after.userIdOf(bearer(await token(previous.privateKey, await kidOf(previous.publicKey)))))).toBe(401);
    expect(await status(after.userIdOf(bearer(await token(next.privateKey, await kidOf(next.publicKey)))))).toBe(200);
  });
});
