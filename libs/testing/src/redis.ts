import { randomBytes } from 'node:crypto';

/**
 * A key prefix no other test file uses. Test files share one Redis server; prefixing every key
 * keeps them apart the way a fresh database does for Postgres.
 */
export function uniqueKeyPrefix(name = 'test'): string {
  return `t:${name}:${randomBytes(4).toString('hex')}:`;
}
