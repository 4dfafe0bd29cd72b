import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import type { SigningKey } from './signing-key';

/** Who signs and who accepts: verifiers must check both (the gateway does). */
export const TOKEN_ISSUER = 'shop-user';
export const TOKEN_AUDIENCE = 'shop';

export interface AccessToken {
  readonly token: string;
  readonly expiresAt: Date;
}

export interface TokenSubject {
  readonly id: string;
  readonly email: string;
}

/**
 * Issues short-lived access tokens: EdDSA (Ed25519) JWTs with sub = user id and the email. No
 * refresh or revocation: a short lifetime is what bounds a leaked token.
 */
export class AccessTokenIssuer {
  constructor(
    private readonly key: SigningKey,
    private readonly ttlSeconds: number,
  ) {}

  async issue(subject: TokenSubject, now = new Date()): Promise<AccessToken> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = issuedAt + this.ttlSeconds;
    const token = await new SignJWT({ email: subject.email })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: this.key.kid })
      .setSubject(subject.id)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .setJti(randomUUID())
      .sign(this.key.privateKey);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }
}
