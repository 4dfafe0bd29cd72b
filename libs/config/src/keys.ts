import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/**
 * An Ed25519 key from configuration: a PKCS8 PEM private key or an SPKI PEM public key. Anything
 * else is a configuration error naming `setting`, and never echoing the input (a private key is a
 * secret even when malformed). The user app's token signing key and the public keys it publishes
 * during a rotation both come through here.
 */
export function ed25519KeyFromPem(pem: string, half: 'private' | 'public', setting: string): KeyObject {
  let key: KeyObject;
  try {
    key = half === 'private' ? createPrivateKey({ key: pem, format: 'pem' }) : createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new Error(`${setting} is not a readable ${half === 'private' ? 'PKCS8 PEM private' : 'SPKI PEM public'} key`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`${setting} must be an Ed25519 key, not ${key.asymmetricKeyType ?? 'a symmetric key'}`);
  }
  return key;
}
