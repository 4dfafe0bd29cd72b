import { query } from '@shop/db';
import { UnauthenticatedError } from '@shop/rpc';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { UserMetrics } from './metrics';
import { openSuccessor, sealSuccessor } from './successor-seal';

export interface RefreshToken {
  readonly token: string;
  readonly expiresAt: Date;
}

/** One message for every refusal: callers learn nothing about which check failed. */
const REFUSED = 'the refresh token is not valid; log in again';

/**
 * Refresh tokens (OAuth 2.0 Security BCP's rotation with reuse detection): opaque random values,
 * stored only as their SHA-256, each exchanged once for the next of its family (one login's
 * chain). A used token presented again within the reuse interval gets the successor it was
 * already exchanged for (two tabs refreshing at once, a retry whose answer was lost: the way
 * Okta's grace period and Auth0's reuse interval work); after that, a used token means a copy
 * leaked, so the whole family is revoked, the thief's and the owner's tokens alike. Logout
 * revokes the family too.
 */
export class RefreshTokens {
  constructor(
    private readonly db: Pool,
    private readonly options: { ttlSeconds: number; reuseIntervalSeconds: number },
    private readonly metrics: UserMetrics,
  ) {}

  /** A new family, for a login. */
  async issue(userId: string): Promise<RefreshToken> {
    const next = this.next();
    await query(this.db, 'INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at) VALUES ($1, $2, $3, $4)', [
      digest(next.token),
      randomUUID(),
      userId,
      next.expiresAt,
    ]);
    return next;
  }

  /** The user id, and the next token of the family; UNAUTHENTICATED for anything but a live token (or a repeat within the interval). */
  async rotate(token: string): Promise<{ userId: string; next: RefreshToken }> {
    const hash = digest(token);
    const next = this.next();
    // One statement: of two uses of one token, the second waits for the first's row lock, then finds it used.
    const { rows } = await query<{ user_id: string }>(
      this.db,
      `WITH used AS (
         UPDATE refresh_tokens SET used_at = now(), successor_sealed = $2
          WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
          RETURNING user_id, family_id)
       INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at)
       SELECT $3, family_id, user_id, $4 FROM used
       RETURNING user_id`,
      [hash, sealSuccessor(token, next.token), digest(next.token), next.expiresAt],
    );
    if (rows[0]) {
      this.metrics.refreshTokens.inc({ outcome: 'rotated' });
      return { userId: rows[0].user_id, next };
    }
    return this.repeat(token, hash);
  }

  /** A token that is not live and unused: its successor within the reuse interval; otherwise refused, and a used token's family revoked. */
  private async repeat(token: string, hash: Buffer): Promise<{ userId: string; next: RefreshToken }> {
    const { rows } = await query<{ user_id: string; successor_sealed: Buffer | null; within: boolean }>(
      this.db,
      `SELECT user_id, successor_sealed,
              used_at > now() - make_interval(secs => $2) AND revoked_at IS NULL AND expires_at > now() AS within
         FROM refresh_tokens WHERE token_hash = $1 AND used_at IS NOT NULL`,
      [hash, this.options.reuseIntervalSeconds],
    );
    const used = rows[0];
    if (!used) throw new UnauthenticatedError(REFUSED); // unknown, revoked or expired unused
    const successor = used.within && used.successor_sealed ? openSuccessor(token, used.successor_sealed) : undefined;
    if (successor !== undefined) {
      const live = await query<{ expires_at: Date }>(
        this.db,
        'SELECT expires_at FROM refresh_tokens WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()',
        [digest(successor)],
      );
      if (live.rows[0]) {
        this.metrics.refreshTokens.inc({ outcome: 'replayed' });
        return { userId: used.user_id, next: { token: successor, expiresAt: live.rows[0].expires_at } };
      }
    }
    // Used before, outside the interval: a copy is out there.
    await this.revokeFamily(hash, 'used_at IS NOT NULL');
    this.metrics.refreshTokens.inc({ outcome: 'reused' });
    throw new UnauthenticatedError(REFUSED);
  }

  /** Deletes up to `limit` expired tokens (refused anyway); the number deleted. Replicas share the work (SKIP LOCKED). */
  async deleteExpired(limit: number): Promise<number> {
    const { rowCount } = await query(
      this.db,
      `DELETE FROM refresh_tokens WHERE token_hash IN (
         SELECT token_hash FROM refresh_tokens WHERE expires_at <= now() ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED)`,
      [limit],
    );
    const deleted = rowCount ?? 0;
    this.metrics.refreshTokens.inc({ outcome: 'swept' }, deleted);
    return deleted;
  }

  /** Logout: the token's family can no longer be used. Idempotent; an unknown token is not an error. */
  async revoke(token: string): Promise<void> {
    await this.revokeFamily(digest(token), 'true');
  }

  private async revokeFamily(hash: Buffer, condition: 'used_at IS NOT NULL' | 'true'): Promise<void> {
    await query(
      this.db,
      `UPDATE refresh_tokens SET revoked_at = now()
        WHERE revoked_at IS NULL
          AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1 AND ${condition})`,
      [hash],
    );
  }

  private next(): RefreshToken {
    return { token: randomBytes(32).toString('base64url'), expiresAt: new Date(Date.now() + this.options.ttlSeconds * 1000) };
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
