import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/*
 * A rotated refresh token's successor, sealed under a key only the rotated token yields (HKDF of
 * it): whoever presents the used token again within the reuse interval can have its successor
 * back; the table alone (a backup, a read replica, an injection) opens nothing. AES-256-GCM.
 */

const INFO = 'shop refresh token successor v1';

function keyOf(token: string): Buffer {
  return Buffer.from(hkdfSync('sha256', token, Buffer.alloc(0), INFO, 32));
}

export function sealSuccessor(usedToken: string, successor: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(usedToken), iv);
  const sealed = Buffer.concat([cipher.update(successor, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
}

/** The successor, or undefined when the seal does not open with this token. */
export function openSuccessor(usedToken: string, sealed: Buffer): string | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(usedToken), sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
