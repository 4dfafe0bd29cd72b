import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@shop/logging';
import { userConfig } from '../src/config';
import { loadSigningKey, signingKeyFromDirectory, signingKeyFromPem } from '../src/signing-key';

describe('the local signing key pair', () => {
  let parent: string;
  let dir: string;

  beforeEach(async () => {
    parent = await mkdtemp(join(tmpdir(), 'shop-user-keydir-'));
    dir = join(parent, 'keys');
  });
  afterEach(() => rm(parent, { recursive: true, force: true }));

  it('is created once when many starts race on an empty directory, and all of them use it', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => signingKeyFromDirectory(dir)));

    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.key.kid)).size).toBe(1);
    expect(await readFile(join(dir, 'jwt-public.pem'), 'utf8')).toBe(results[0]!.key.publicKeyPem);
    expect((await readdir(dir)).sort()).toEqual(['jwt-private.pem', 'jwt-public.pem']); // no temp files left
    expect((await stat(join(dir, 'jwt-private.pem'))).mode & 0o077).toBe(0); // owner only
  });

  it('is reused by later starts, and a missing public key is written again', async () => {
    const first = await signingKeyFromDirectory(dir);
    await rm(join(dir, 'jwt-public.pem'));
    const second = await signingKeyFromDirectory(dir);

    expect(second.created).toBe(false);
    expect(second.key.kid).toBe(first.key.kid);
    expect(await readFile(join(dir, 'jwt-public.pem'), 'utf8')).toBe(first.key.publicKeyPem);
  });

  it('keeps only its own directory private, not the parents it creates', async () => {
    const nested = join(parent, 'state', 'keys');
    await signingKeyFromDirectory(nested);

    expect((await stat(nested)).mode & 0o777).toBe(0o700);
    expect((await stat(join(parent, 'state'))).mode & 0o055).toBe(0o055); // others may traverse
  });
});

describe('JWT_PRIVATE_KEY_FILE', () => {
  it('loads the key from the file (a mounted Secret), before JWT_PRIVATE_KEY and the local pair', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shop-user-keyfile-'));
    try {
      const file = join(dir, 'private.pem');
      const { privateKey } = generateKeyPairSync('ed25519');
      await writeFile(file, privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), { mode: 0o400 });
      const other = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      const logger = createLogger({ service: 'user', level: 'silent' });

      const key = await loadSigningKey({ JWT_PRIVATE_KEY_FILE: file, JWT_PRIVATE_KEY: other, JWT_KEY_DIR: join(dir, 'keys') }, logger);

      expect(key.kid).toBe((await signingKeyFromPem(await readFile(file, 'utf8'))).kid);
      expect(key.kid).not.toBe((await signingKeyFromPem(other)).kid);
      expect(await readdir(dir)).toEqual(['private.pem']); // no local pair created beside it
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('JWT_PRIVATE_KEY', () => {
  it('accepts an Ed25519 PKCS8 PEM, also with escaped newlines', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const oneLine = pem.trim().replaceAll('\n', '\\n'); // as a .env file often holds it
    const key = await signingKeyFromPem(userConfig.shape.JWT_PRIVATE_KEY.parse(oneLine)!);
    expect(key.privateKey.asymmetricKeyType).toBe('ed25519');
    expect(key.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a key of another type, and never echoes a malformed one', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await expect(signingKeyFromPem(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString())).rejects.toThrow(
      /must be an Ed25519 key, not rsa/,
    );

    const garbage = '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LXN0dWZm\n-----END PRIVATE KEY-----';
    const error = await signingKeyFromPem(garbage).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).not.toContain('c2VjcmV0LXN0dWZm');
  });
});
