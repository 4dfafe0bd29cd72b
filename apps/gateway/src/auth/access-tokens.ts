import { errors as joseErrors, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';
import { HttpProblem } from '../http/problems';
import { KeysUnavailableError, type VerificationKeys } from './verification-keys';

/** What the user service signs with (apps/user/src/tokens.ts); anything else is refused. */
const TOKEN_ISSUER = 'shop-user';
const TOKEN_AUDIENCE = 'shop';
/** Clock skew tolerated between the user service's clock and ours. */
const CLOCK_TOLERANCE_SECONDS = 5;
/** Verified tokens remembered at most (a few hundred bytes each). */
const VERIFIED_TOKENS_MAX = 10_000;

interface VerifiedToken {
  userId: string;
  /** The key set's version it was verified under (VerificationKeys.version). */
  keysVersion: number;
}

/**
 * Verifies the user service's access tokens: EdDSA only (no `alg` confusion, no `none`), our
 * issuer and audience, an expiry, and a subject, which becomes the caller's user id. The keys are
 * the user service's JWK set keyed by `kid` (verification-keys.ts), so a rotation needs no flag
 * day: the user service publishes the new public key beside the old one, switches its signing key,
 * and drops the old one once its last token has expired.
 */
export class AccessTokenVerifier {
  /**
   * Tokens verified already, each until the moment jwtVerify would start refusing it (its expiry
   * plus the clock tolerance): a signed-in client sends the same token on every request, and the
   * EdDSA check is the largest single cost of an authenticated request at the edge (about 230 µs
   * of CPU in a loop here, against 3–4 µs remembered). Only verified tokens are kept, keyed by their whole text, and none outlives a change
   * of the key set, so a retired key stops verifying as soon as the set without it is fetched.
   */
  private readonly verified = new LRUCache<string, VerifiedToken>({ max: VERIFIED_TOKENS_MAX });

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
    const remembered = this.verified.get(token);
    if (remembered?.keysVersion === this.keys.version) return remembered.userId;
    try {
      const keysVersion = this.keys.version;
      const { payload } = await jwtVerify(token, this.keys.getKey, {
        algorithms: ['EdDSA'],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      if (!payload.sub) throw new Error('the token has an empty subject');
      const ttl = (payload.exp! + CLOCK_TOLERANCE_SECONDS) * 1000 - Date.now();
      // Under the version read before the check: a set fetched meanwhile makes the entry a miss.
      if (ttl > 0) this.verified.set(token, { userId: payload.sub, keysVersion }, { ttl });
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

