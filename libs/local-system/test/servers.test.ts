import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localStateDir, pingPostgres, startEmbeddedPostgres, type LocalServer } from '../src';

describe('the local state directory', () => {
  // Stands for a checkout, which others may traverse (mkdtemp makes it private).
  const root = mkdtempSync(join(tmpdir(), 'shop-state-'));
  chmodSync(root, 0o755);
  let postgres: LocalServer | undefined;
  afterAll(async () => {
    await postgres?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('is reachable by embedded Postgres even after something created it private', async () => {
    // What an older user service did with its default key directory, `.shop/keys`.
    mkdirSync(join(root, '.shop', 'keys'), { recursive: true, mode: 0o700 });

    const state = localStateDir(root);
    expect(statSync(state).mode & 0o777).toBe(0o755);
    postgres = await startEmbeddedPostgres({ dataDir: join(state, 'postgres') });
    await expect(pingPostgres(postgres.url)).resolves.toBeUndefined();
  });
});
