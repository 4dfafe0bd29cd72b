import { query } from '@shop/db';
import type { Pool } from 'pg';
import type { UserRecord } from './accounts';

interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  created_at: Date;
}

const COLUMNS = 'id, email, password_hash, created_at';

function toRecord(row: UserRow): UserRecord {
  return { id: row.id, email: row.email, passwordHash: row.password_hash, createdAt: row.created_at };
}

/** SQL for the users table; every statement is bounded by the calling RPC's deadline (@shop/db). */
export class UsersRepository {
  constructor(private readonly db: Pool) {}

  /**
   * Inserts the account, or returns undefined when the email is taken in any letter case. The
   * unique index on lower(email) decides, atomically: concurrent inserts of one email wait for
   * each other and exactly one wins. (No check-then-insert: that would race.)
   */
  async insert(user: { id: string; email: string; passwordHash: string }): Promise<UserRecord | undefined> {
    const { rows } = await query<UserRow>(
      this.db,
      `INSERT INTO users (id, email, password_hash) VALUES ($1, $2, $3)
       ON CONFLICT ((lower(email))) DO NOTHING
       RETURNING ${COLUMNS}`,
      [user.id, user.email, user.passwordHash],
    );
    return rows[0] && toRecord(rows[0]);
  }

  /** The account whose email matches case-insensitively (uses the lower(email) index). */
  async findByEmail(email: string): Promise<UserRecord | undefined> {
    const { rows } = await query<UserRow>(this.db, `SELECT ${COLUMNS} FROM users WHERE lower(email) = lower($1)`, [
      email,
    ]);
    return rows[0] && toRecord(rows[0]);
  }

  async findById(id: string): Promise<UserRecord | undefined> {
    const { rows } = await query<UserRow>(this.db, `SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
    return rows[0] && toRecord(rows[0]);
  }

  /**
   * Replaces the hash only if it is still `previousHash` (compare-and-set), so a re-hash racing a
   * password change can never overwrite the newer one.
   */
  async replacePasswordHash(id: string, previousHash: string, newHash: string): Promise<void> {
    await query(this.db, 'UPDATE users SET password_hash = $3 WHERE id = $1 AND password_hash = $2', [
      id,
      previousHash,
      newHash,
    ]);
  }
}
