import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `.shop` in the checkout: what `npm start` and `npm run infra` keep between runs (Postgres data,
 * the JWT key pair). It must stay traversable by others: as root, embedded Postgres runs as its own
 * `postgres` user and has to reach `.shop/postgres`. Private things get a 0700 directory of their
 * own inside it. The chmod also repairs a `.shop` an older version created 0700.
 */
export function localStateDir(root: string = process.cwd()): string {
  const dir = join(root, '.shop');
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  return dir;
}
