import type { Logger } from '@shop/logging';
import { calculateJwkThumbprint, createLocalJWKSet, errors as joseErrors, jwtVerify, type JWK, type JWTVerifyGetKey } from 'jose';
import { ed25519KeyFromPem } from '@shop/config';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HttpProblem } from '../http/problems';

/** What the user service signs with (apps/user/src/tokens.ts); anything else is refused. */
const TOKEN_ISSUER = 'shop-user';
const TOKEN_AUDIENCE = 'shop';
/** Clock skew tolerated between the user service's clock and ours. */
const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * Verifies the user service's access tokens: EdDSA only (no `alg` confusion, no `none`), our
 * issuer and audience, an expiry, and a subject, which becomes the caller's user id. The keys are
 * a JWK set keyed by `kid` (each key's RFC 7638 thumbprint, as the user service names it), so a
 * rotation needs no flag day: publish the new public key beside the old one, switch the user
 * service's signing key, and drop the old one once its last token has expired.
 */
export class AccessTokenVerifier {
  private constructor(
    private readonly keys: JWTVerifyGetKey,
    /** The kids accepted, for the start-up log. */
    readonly kids: string[],
  ) {}

  static async load(
    config: { JWT_PUBLIC_KEY?: string | undefined; JWT_KEY_DIR: string; JWT_KEY_WAIT_MS: number },
    logger: Logger,
  ): Promise<AccessTokenVerifier> {
    const pems = config.JWT_PUBLIC_KEY ?? (await waitForKeyFile(join(resolve(config.JWT_KEY_DIR), 'jwt-public.pem'), config.JWT_KEY_WAIT_MS, logger));
    const verifier = await AccessTokenVerifier.fromPems(pems);
    logger.info({ kids: verifier.kids }, 'token verification keys loaded');
    return verifier;
  }

  /** One or more SPKI PEM blocks, concatenated (the current key and the next or the previous one). */
  static async fromPems(pems: string): Promise<AccessTokenVerifier> {
    const blocks = pems.match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g) ?? [pems];
    const keys: JWK[] = [];
    for (const block of blocks) {
      const jwk = ed25519KeyFromPem(block, 'public', 'the token verification key (JWT_PUBLIC_KEY or jwt-public.pem)').export({ format: 'jwk' });
      const { kty, crv, x } = { kty: String(jwk.kty), crv: String(jwk.crv), x: String(jwk.x) };
      keys.push({ kty, crv, x, alg: 'EdDSA', use: 'sig', kid: await calculateJwkThumbprint({ kty, crv, x }) });
    }
    return new AccessTokenVerifier(createLocalJWKSet({ keys }), keys.map((key) => key.kid!));
  }

  /** The user id of a valid `Authorization: Bearer` header; 401 otherwise. */
  async userIdOf(authorization: string | undefined): Promise<string> {
    const token = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(authorization?.trim() ?? '')?.[1];
    if (!token) {
      throw new HttpProblem('unauthenticated', {
        detail: 'send an access token as "Authorization: Bearer <token>"',
        headers: { 'WWW-Authenticate': 'Bearer realm="shop"' },
      });
    }
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        algorithms: ['EdDSA'],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      if (!payload.sub) throw new Error('the token has an empty subject');
      return payload.sub;
    } catch (error) {
      // Say expired (clients refresh on it) but never which other check failed.
      const expired = error instanceof joseErrors.JWTExpired;
      const detail = expired ? 'the access token has expired' : 'the access token is not valid';
      return Promise.reject(
        new HttpProblem('unauthenticated', {
          detail,
          headers: { 'WWW-Authenticate': `Bearer realm="shop", error="invalid_token", error_description="${detail}"` },
        }),
      );
    }
  }
}

/**
 * Locally the user service creates the key pair on its first start, maybe while we start too: wait
 * for the file a little (it is published atomically, so it is never read half-written).
 */
async function waitForKeyFile(path: string, waitMs: number, logger: Logger): Promise<string> {
  const giveUpAt = Date.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      if (Date.now() >= giveUpAt) {
        throw new Error(`${path} did not appear within ${waitMs} ms: start the user service, or set JWT_PUBLIC_KEY`);
      }
      if (attempt === 0) logger.info({ path }, 'waiting for the user service to publish its token key');
      await sleep(200);
    }
  }
}
