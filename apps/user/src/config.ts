import { integer, serviceEnv, z } from '@shop/config';

/** What user reads from its environment beyond the chassis's settings; the defaults run it on a laptop. */
export const userConfig = z.object({
  ...serviceEnv({ port: 50051, adminPort: 9051 }),

  /**
   * The token signing key: an Ed25519 private key as PKCS8 PEM (a Kubernetes Secret in a cluster).
   * Unset: a key pair is created once under JWT_KEY_DIR and reused, for local runs.
   */
  JWT_PRIVATE_KEY: z
    .string()
    .transform((pem) => pem.replaceAll('\\n', '\n')) // tolerate one-line PEMs from .env files
    .optional(),
  /**
   * The same key read from a file (a mounted Secret in a cluster: unlike the environment, no child
   * process, crash report or `/proc/<pid>/environ` reader sees it). Wins over JWT_PRIVATE_KEY.
   */
  JWT_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  /**
   * Where the local key pair lives when neither JWT_PRIVATE_KEY_FILE nor JWT_PRIVATE_KEY is set (relative to the working
   * directory): jwt-private.pem and jwt-public.pem.
   */
  JWT_KEY_DIR: z.string().min(1).default('.shop/keys'),
  /**
   * Public keys (SPKI PEM blocks, concatenated) published beside the signing key's own in the JWK
   * set verifiers fetch: during a rotation, the next key before the signing key switches to it,
   * then the previous key until its last access token has expired (verification-keys.ts).
   */
  JWT_PUBLISHED_KEYS_FILE: z.string().min(1).optional(),
  /** Lifetime of an access token: short, since it cannot be revoked before it expires (refresh tokens can). */
  ACCESS_TOKEN_TTL_SECONDS: integer(30, 3600).default(15 * 60),
  /** Lifetime of a refresh token (each is single use; every refresh gives the next one). */
  REFRESH_TOKEN_TTL_SECONDS: integer(300, 90 * 24 * 3600).default(30 * 24 * 3600),
  /**
   * How long a used refresh token may be presented again and get the successor it was exchanged
   * for (two tabs refreshing at once, a retry of a refresh whose answer was lost) before a repeat
   * counts as reuse of a leaked copy and revokes the session. 0: every repeat revokes.
   */
  REFRESH_TOKEN_REUSE_INTERVAL_SECONDS: integer(0, 300).default(10),
  /** How often expired refresh tokens are deleted (each replica sweeps; they share the work). */
  REFRESH_TOKEN_SWEEP_INTERVAL_MS: integer(100, 24 * 3600_000).default(10 * 60_000),
  /** Rows deleted per statement: small enough that one batch never holds many locks for long. */
  REFRESH_TOKEN_SWEEP_BATCH_SIZE: integer(1, 100_000).default(1000),
  /** Deadline of one batch's statement. */
  REFRESH_TOKEN_SWEEP_TIMEOUT_MS: integer(100, 60_000).default(5_000),
  /** Lifetime of a device token (a client that logged in before skips delays others caused). */
  DEVICE_TOKEN_TTL_SECONDS: integer(3600, 2 * 365 * 24 * 3600).default(365 * 24 * 3600),

  /**
   * scrypt cost as log2(N) for new hashes, r = 8 and OWASP's p for that N (passwords.ts): 15 is
   * OWASP's N = 2^15, p = 3 (32 MiB per hash); 17 its N = 2^17, p = 1 (128 MiB), as strong. Tests
   * lower it to keep many logins cheap; existing hashes keep their own parameters and are re-hashed
   * with these at the next successful login.
   */
  SCRYPT_LOG2_N: integer(10, 20).default(15),
  /** Password hashes running at once (each holds 128·2^N·8 bytes and a libuv thread). */
  SCRYPT_MAX_CONCURRENT: integer(1, 64).default(2),
  /** Calls that may wait for a hashing slot; beyond, RESOURCE_EXHAUSTED (429) at once. */
  SCRYPT_MAX_WAITING: integer(0, 10_000).default(8),
  /** Sign-ups per minute across all replicas; beyond, RESOURCE_EXHAUSTED (429). */
  REGISTRATIONS_PER_MINUTE: integer(1, 1_000_000).default(120),

  /** Failed logins an account may have before its logins wait (login-throttle.ts). */
  LOGIN_FREE_FAILURES_PER_ACCOUNT: integer(0, 1000).default(3),
  /** Failed logins a client address may have, across accounts, before its logins wait. */
  LOGIN_FREE_FAILURES_PER_ADDRESS: integer(0, 100_000).default(20),
  /** The first wait; it doubles with each further failure, up to LOGIN_DELAY_MAX_MS. */
  LOGIN_DELAY_BASE_MS: integer(1, 3_600_000).default(1000),
  /** The longest wait: what brute force gets per guess, and the most a stranger can make the owner wait. */
  LOGIN_DELAY_MAX_MS: integer(1, 3_600_000).default(5 * 60_000),
  /** Failures are forgotten this long after the last one. */
  LOGIN_FAILURE_WINDOW_SECONDS: integer(1, 7 * 24 * 3600).default(24 * 3600),
});

export type UserConfig = z.output<typeof userConfig>;
