import type { Logger } from '@shop/logging';
import { errors as joseErrors, jwtVerify } from 'jose';
import { ed25519KeyFromPem } from '@shop/config';
import type { KeyObject } from 'node:crypto';
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
 * Verifies the user service's access tokens with its public key: EdDSA only (no `alg` confusion,
 * no `none`), our issuer and audience, an expiry, and a subject, which becomes the caller's user id.
 */
export class AccessTokenVerifier {
  private constructor(private readonly publicKey: KeyObject) {}

  static async load(
    config: { JWT_PUBLIC_KEY?: string | undefined; JWT_KEY_DIR: string; JWT_KEY_WAIT_MS: number },
    logger: Logger,
  ): Promise<AccessTokenVerifier> {
    const pem = config.JWT_PUBLIC_KEY ?? (await waitForKeyFile(join(resolve(config.JWT_KEY_DIR), 'jwt-public.pem'), config.JWT_KEY_WAIT_MS, logger));
    return new AccessTokenVerifier(ed25519KeyFromPem(pem, 'public', 'the token verification key (JWT_PUBLIC_KEY or jwt-public.pem)'));
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
      const { payload } = await jwtVerify(token, this.publicKey, {
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
