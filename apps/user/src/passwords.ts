import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/*
 * Password hashing with scrypt (memory-hard, built into Node). A stored hash describes itself,
 * PHC-style, so the cost can be raised later without invalidating existing accounts:
 *
 *   $scrypt$ln=15,r=8,p=3$<salt, base64>$<derived key, base64>
 */

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  ln: number;
  r: number;
  p: number;
}

const SALT_BYTES = 16;
const KEY_BYTES = 32;
const FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * OWASP's Password Storage Cheat Sheet lists these scrypt settings (r = 8) as giving a similar
 * minimal defence, trading memory for passes: N = 2^17 with p = 1 takes 128 MiB per hash, N = 2^15
 * with p = 3 takes 32 MiB for about three quarters of the CPU. The memory is what a burst of logins
 * and sign-ups multiplies (SCRYPT_MAX_CONCURRENT at once), so the default is the 2^15 row.
 */
export const OWASP_SCRYPT_P: Readonly<Record<number, number>> = { 17: 1, 16: 2, 15: 3, 14: 5, 13: 10 };

/** OWASP's setting for log2(N) (see OWASP_SCRYPT_P); p = 1 outside its table (below it: tests only). */
export function scryptParams(log2N: number): ScryptParams {
  return { ln: log2N, r: 8, p: OWASP_SCRYPT_P[log2N] ?? 1 };
}

/** Whether `params` is as strong as one of OWASP's settings. */
export function meetsOwaspAdvice(params: ScryptParams): boolean {
  const least = OWASP_SCRYPT_P[params.ln];
  return params.r >= 8 && (params.ln > 17 || (least !== undefined && params.p >= least));
}

/**
 * NIST SP 800-63B: compare passwords in one Unicode normalisation, so the same password typed on
 * two keyboards that compose characters differently still matches.
 */
function normalise(password: string): string {
  return password.normalize('NFKC');
}

/**
 * Why `password` is not acceptable for a new account, or undefined if it is. The policy: 10 to 128
 * characters (code points), and not made of one character class only (all lowercase, all digits...).
 */
export function passwordPolicyViolation(password: string): string | undefined {
  const characters = [...normalise(password)];
  if (characters.length === 0) return 'is required';
  if (characters.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (characters.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  const classes = new Set(characters.map(characterClass));
  if (classes.size < 2) return 'must mix at least two kinds of character (lowercase, uppercase, digits, symbols)';
  return undefined;
}

/** Length in characters (code points) as the policy counts it. */
export function passwordLength(password: string): number {
  return [...normalise(password)].length;
}

function characterClass(character: string): string {
  if (/\p{Ll}/u.test(character)) return 'lower';
  if (/\p{Lu}/u.test(character)) return 'upper';
  if (/\p{Nd}/u.test(character)) return 'digit';
  return 'other';
}

export async function hashPassword(password: string, params: ScryptParams): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params, KEY_BYTES);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

/** Unpadded standard base64, as PHC strings use. */
function b64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}

/** Whether `password` matches `stored`. Compares in constant time; throws on a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const { params, salt, key } = parseHash(stored);
  const candidate = await derive(password, salt, params, key.length);
  return timingSafeEqual(candidate, key);
}

/** True when `stored` was made with other parameters than the current ones (re-hash on next login). */
export function needsRehash(stored: string, current: ScryptParams): boolean {
  const { params } = parseHash(stored);
  return params.ln !== current.ln || params.r !== current.r || params.p !== current.p;
}

function parseHash(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } {
  const [, ln, r, p, salt = '', key = ''] = FORMAT.exec(stored) ?? [];
  if (!ln || !r || !p) throw new Error('stored password hash is not in the $scrypt$ format');
  return {
    params: { ln: Number(ln), r: Number(r), p: Number(p) },
    salt: Buffer.from(salt, 'base64'),
    key: Buffer.from(key, 'base64'),
  };
}

function derive(password: string, salt: Buffer, params: ScryptParams, keyLength: number): Promise<Buffer> {
  const N = 2 ** params.ln;
  const options: ScryptOptions = {
    N,
    r: params.r,
    p: params.p,
    // scrypt needs about 128·N·r bytes (p runs one after another in the same block); Node's default
    // ceiling (32 MiB) is just below N=2^15, r=8.
    maxmem: 2 * 128 * N * params.r,
  };
  return new Promise((resolve, reject) => {
    scrypt(normalise(password), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
