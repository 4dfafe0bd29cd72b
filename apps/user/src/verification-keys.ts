import { ed25519KeyFromPem } from '@shop/config';
import type { JSONWebKeySet, JWK } from 'jose';
import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { publicJwk, type SigningKey } from './signing-key';

/**
 * The JWK set verifiers fetch with GetVerificationKeys: the signing key's public half first, then
 * the keys JWT_PUBLISHED_KEYS_FILE publishes beside it during a rotation (the next key before the
 * switch, the previous one until its last access token has expired). Each key's kid is its RFC 7638
 * thumbprint, the same kid the signing key puts in every token it signs.
 */
export async function verificationKeySet(signingKey: SigningKey, published: { JWT_PUBLISHED_KEYS_FILE?: string | undefined }): Promise<JSONWebKeySet> {
  const file = published.JWT_PUBLISHED_KEYS_FILE;
  const pems = file === undefined ? [] : (await readFile(file, 'utf8')).match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g);
  if (pems === null) throw new Error(`JWT_PUBLISHED_KEYS_FILE (${file}) holds no SPKI PEM public key`);
  const publicKeys = [createPublicKey(signingKey.privateKey), ...pems.map((pem) => ed25519KeyFromPem(pem, 'public', 'a key in JWT_PUBLISHED_KEYS_FILE'))];
  const keys: JWK[] = [];
  for (const key of publicKeys) {
    const jwk = await publicJwk(key);
    if (!keys.some((held) => held.kid === jwk.kid)) keys.push({ ...jwk, alg: 'EdDSA', use: 'sig' });
  }
  return { keys };
}
