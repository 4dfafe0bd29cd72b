import { query } from '@shop/db';
import { UnauthenticatedError } from '@shop/rpc';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';

export interface RefreshToken {
  readonly token: string;
  readonly expiresAt: Date;
}

/** One message for every refusal: callers learn nothing about which check failed. */
const REFUSED = 'the refresh token is not valid; log in again';

/**
 * Refresh tokens (OAuth 2.0 Security BCP's rotation with reuse detection): opaque random values,
 * stored only as their SHA-256, each good for one use. Using one gives a new one of the same
 * family (one login's chain); using one that was already used means a copy leaked, so the whole
 * family is revoked, the thief's and the owner's tokens alike. Logout revokes the family too.
 * Every change is one statement, so two uses of one token race safely: one wins, the other is a
 * reuse.
 */
export class RefreshTokens {
  constructor(
    private readonly pool: Pool,
    private readonly ttlSeconds: number,
  ) {}

  /** A new family, for a login. */
  issue(userId: string): Promise<RefreshToken> {
    return this.insert(userId, randomUUID());
  }

  /** The user id, and the next token of the family; UNAUTHENTICATED for anything but an unused, live token. */
  async rotate(token: string): Promise<{ userId: string; next: RefreshToken }> {
    const hash = digest(token);
    const { rows } = await query<{ user_id: string; family_id: string }>(
      this.pool,
      `UPDATE refresh_tokens SET used_at = now()
        WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
        RETURNING user_id, family_id`,
      [hash],
    );
    const used = rows[0];
    if (!used) {
      // Already used (or revoked, or expired): if it was used, a copy is out there.
      await this.revokeFamily(hash, 'used_at IS NOT NULL');
      throw new UnauthenticatedError(REFUSED);
    }
    return { userId: used.user_id, next: await this.insert(used.user_id, used.family_id) };
  }

  /** Logout: the token's family can no longer be used. Idempotent; an unknown token is not an error. */
  async revoke(token: string): Promise<void> {
    await this.revokeFamily(digest(token), 'true');
  }

  private async revokeFamily(hash: Buffer, condition: 'used_at IS NOT NULL' | 'true'): Promise<void> {
    await query(
      this.pool,
      `UPDATE refresh_tokens SET revoked_at = now()
        WHERE revoked_at IS NULL
          AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1 AND ${condition})`,
      [hash],
    );
  }

  private async insert(userId: string, familyId: string): Promise<RefreshToken> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.ttlSeconds * 1000);
    await query(this.pool, 'INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at) VALUES ($1, $2, $3, $4)', [
      digest(token),
      familyId,
      userId,
      expiresAt,
    ]);
    return { token, expiresAt };
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
