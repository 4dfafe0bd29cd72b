import { errors as joseErrors, jwtVerify } from 'jose';
import { HttpProblem } from '../http/problems';
import { KeysUnavailableError, type VerificationKeys } from './verification-keys';

/** What the user service signs with (apps/user/src/tokens.ts); anything else is refused. */
const TOKEN_ISSUER = 'shop-user';
const TOKEN_AUDIENCE = 'shop';
/** Clock skew tolerated between the user service's clock and ours. */
const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * Verifies the user service's access tokens: EdDSA only (no `alg` confusion, no `none`), our
 * issuer and audience, an expiry, and a subject, which becomes the caller's user id. The keys are
 * the user service's JWK set keyed by `kid` (verification-keys.ts), so a rotation needs no flag
 * day: the user service publishes the new public key beside the old one, switches its signing key,
 * and drops the old one once its last token has expired.
 */
export class AccessTokenVerifier {
  constructor(private readonly keys: VerificationKeys) {}

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
      const { payload } = await jwtVerify(token, this.keys.getKey, {
        algorithms: ['EdDSA'],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      if (!payload.sub) throw new Error('the token has an empty subject');
      return payload.sub;
    } catch (error) {
      if (error instanceof KeysUnavailableError) {
        return Promise.reject(new HttpProblem('unavailable', { headers: { 'Retry-After': '1' } }));
      }
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

