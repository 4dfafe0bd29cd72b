import { calculateJwkThumbprint } from 'jose';
import { ed25519KeyFromPem } from '@shop/config';
import { createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Logger } from '@shop/logging';

/** The key access tokens are signed with, and what verifiers need to know about it. */
export interface SigningKey {
  readonly privateKey: KeyObject;
  /** SPKI PEM of the public half (written beside the local key pair). */
  readonly publicKeyPem: string;
  /** RFC 7638 thumbprint of the public key: changes by itself when the key is rotated. */
  readonly kid: string;
}

/**
 * The signing key from config: the file JWT_PRIVATE_KEY_FILE names, or JWT_PRIVATE_KEY (a
 * cluster), else the local key pair in JWT_KEY_DIR (created on first start).
 */
export async function loadSigningKey(
  config: { JWT_PRIVATE_KEY_FILE?: string | undefined; JWT_PRIVATE_KEY?: string | undefined; JWT_KEY_DIR: string },
  logger: Logger,
): Promise<SigningKey> {
  if (config.JWT_PRIVATE_KEY_FILE !== undefined) {
    const key = await signingKeyFromPem(await readFile(config.JWT_PRIVATE_KEY_FILE, 'utf8'));
    logger.info({ kid: key.kid, file: config.JWT_PRIVATE_KEY_FILE }, 'token signing key loaded from JWT_PRIVATE_KEY_FILE');
    return key;
  }
  if (config.JWT_PRIVATE_KEY !== undefined) {
    const key = await signingKeyFromPem(config.JWT_PRIVATE_KEY);
    logger.info({ kid: key.kid }, 'token signing key loaded from JWT_PRIVATE_KEY');
    return key;
  }
  const dir = resolve(config.JWT_KEY_DIR);
  const { key, created } = await signingKeyFromDirectory(dir);
  logger.info({ kid: key.kid, dir }, created ? 'token signing key pair created' : 'token signing key pair loaded');
  return key;
}

export const PRIVATE_KEY_FILE = 'jwt-private.pem';
export const PUBLIC_KEY_FILE = 'jwt-public.pem';

/** An Ed25519 key from PKCS8 PEM (JWT_PRIVATE_KEY); anything else is a configuration error. */
export async function signingKeyFromPem(pem: string): Promise<SigningKey> {
  const privateKey = ed25519KeyFromPem(pem, 'private', 'JWT_PRIVATE_KEY');
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(), kid: (await publicJwk(publicKey)).kid };
}

/**
 * An Ed25519 public key as its JWK, kid included: the RFC 7638 thumbprint, the one kid both the
 * tokens a key signs and the published key set (verification-keys.ts) name it by.
 */
export async function publicJwk(publicKey: KeyObject): Promise<{ kty: string; crv: string; x: string; kid: string }> {
  const { kty, crv, x } = publicKey.export({ format: 'jwk' });
  const members = { kty: String(kty), crv: String(crv), x: String(x) };
  return { ...members, kid: await calculateJwkThumbprint(members) };
}

/**
 * For local runs: the key pair stored in `dir`, created on first use. Several processes may start
 * at once on an empty directory, so the private key is written in full to a temporary file and
 * then hard-linked into place, which fails if another process got there first (no half-written
 * file is ever visible, and nobody's key is overwritten); the loser reads the winner's key. The
 * public key is derived from whichever private key won and replaced atomically.
 */
export async function signingKeyFromDirectory(dir: string): Promise<{ key: SigningKey; created: boolean }> {
  // Only the key directory is private: a recursive mkdir would give the mode to every parent it
  // creates too (e.g. `.shop`, where embedded Postgres, running as its own user, needs to reach its data).
  await mkdir(dirname(dir), { recursive: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const privatePath = join(dir, PRIVATE_KEY_FILE);
  let created = false;
  let pem = await readIfExists(privatePath);
  if (pem === undefined) {
    const { privateKey } = generateKeyPairSync('ed25519');
    const candidate = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    created = await publishExclusively(privatePath, candidate);
    pem = created ? candidate : await readFile(privatePath, 'utf8');
  }
  const key = await signingKeyFromPem(pem);
  await publishPublicKey(join(dir, PUBLIC_KEY_FILE), key.publicKeyPem);
  return { key, created };
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes `content` at `path` unless a file is there already; true if this call wrote it. */
async function publishExclusively(path: string, content: string): Promise<boolean> {
  const temporary = temporaryPath(path);
  await writeFile(temporary, content, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/** Replaces the public key file atomically, and only when it differs (readers never see it partial). */
async function publishPublicKey(path: string, pem: string): Promise<void> {
  if ((await readIfExists(path)) === pem) return;
  const temporary = temporaryPath(path);
  await writeFile(temporary, pem, { mode: 0o644, flag: 'wx' });
  try {
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

function temporaryPath(path: string): string {
  return `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}
