import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const tsxCli = resolve(root, 'node_modules/tsx/dist/cli.mjs');
const fixture = resolve(import.meta.dirname, 'fixtures/load-config.ts');

function run(env: Record<string, string>) {
  return spawnSync(process.execPath, [tsxCli, fixture], {
    env: { PATH: process.env.PATH ?? '', TSX_TSCONFIG_PATH: resolve(root, 'tsconfig.base.json'), ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('loadConfig in a real process', () => {
  it('exits 78 and lists every bad variable on stderr, without secrets', () => {
    const child = run({
      PORT: 'http',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'postgres://shop:hunter2@db:5432/shop?sslpassword=alsosecret',
      DB_POOL_MAX: '0',
      API_TOKEN: 'short-but-secret',
    });
    expect(child.status).toBe(78);
    expect(child.stdout).toBe('');
    expect(child.stderr).toMatch(/4 bad environment variables/);
    expect(child.stderr).toContain('PORT: expected an integer from 0 to 65535 (received "http")');
    expect(child.stderr).toContain('LOG_LEVEL:');
    expect(child.stderr).toContain('DB_POOL_MAX: expected an integer from 1 to 1000 (received "0")');
    expect(child.stderr).toContain('API_TOKEN:');
    expect(child.stderr).not.toContain('short-but-secret');
    // DATABASE_URL itself is valid: it is not listed at all.
    expect(child.stderr).not.toContain('hunter2');
  });

  it('starts with the local defaults when nothing is set', () => {
    const child = run({ API_TOKEN: 'x'.repeat(32) });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toMatchObject({
      HOST: '0.0.0.0',
      PORT: 50051,
      ADMIN_PORT: 9464,
      LOG_LEVEL: 'info',
      CATALOG_ADDR: 'dns:///127.0.0.1:50052',
      DB_POOL_MAX: 10,
    });
  });
});
