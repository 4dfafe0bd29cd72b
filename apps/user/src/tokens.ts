import { createLocalJWKSet, jwtVerify, SignJWT, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { randomUUID } from 'node:crypto';
import type { SigningKey } from './signing-key';

/** Who signs and who accepts: verifiers must check both (the gateway does). */
export const TOKEN_ISSUER = 'shop-user';
export const TOKEN_AUDIENCE = 'shop';
/** Device tokens are for this service alone: no other verifier accepts this audience. */
const DEVICE_AUDIENCE = 'shop-user-device';

export interface AccessToken {
  readonly token: string;
  readonly expiresAt: Date;
}

/**
 * Issues short-lived access tokens: EdDSA (Ed25519) JWTs whose subject is the user id, and nothing
 * personal (no email: a token is copied into logs, browser storage and traces). The `kid` header
 * names the key, so verifiers holding several keys during a rotation pick the right one.
 */
export class AccessTokenIssuer {
  constructor(
    private readonly key: SigningKey,
    private readonly ttlSeconds: number,
  ) {}

  async issue(userId: string, now = new Date()): Promise<AccessToken> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = issuedAt + this.ttlSeconds;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: this.key.kid })
      .setSubject(userId)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .setJti(randomUUID())
      .sign(this.key.privateKey);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }
}

/**
 * Device tokens: proof that a client has logged in to an account before (OWASP's "device
 * cookies"). Given out at each successful login and shown at the next, they let the owner past
 * the account's login delay that strangers' failures caused (login-throttle.ts). Not a credential:
 * the password is still required. Checked against every published key, so a key rotation does not
 * put every owner back behind strangers' delays.
 */
export class DeviceTokens {
  private readonly verificationKeys: JWTVerifyGetKey;

  constructor(
    private readonly key: SigningKey,
    private readonly ttlSeconds: number,
    published: JSONWebKeySet,
  ) {
    this.verificationKeys = createLocalJWKSet(published);
  }

  issue(userId: string): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: this.key.kid })
      .setSubject(userId)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(DEVICE_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key.privateKey);
  }

  /** The user id a valid device token was issued to; undefined for anything else. */
  async userIdOf(token: string): Promise<string | undefined> {
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, this.verificationKeys, { algorithms: ['EdDSA'], issuer: TOKEN_ISSUER, audience: DEVICE_AUDIENCE });
      return payload.sub;
    } catch {
      return undefined;
    }
  }
}
