import { databaseEnv, integer, redisEnv, serviceEnv, z } from '@shop/config';

/** Everything user reads from its environment; the defaults run it on a laptop. */
export const userConfig = z.object({
  ...serviceEnv({ port: 50051, adminPort: 9051 }),
  ...databaseEnv('postgres://postgres:postgres@127.0.0.1:5432/shop_user'),
  ...redisEnv('redis://127.0.0.1:6379'),

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
   * directory): jwt-private.pem and jwt-public.pem; the gateway reads the public one from here.
   */
  JWT_KEY_DIR: z.string().min(1).default('.shop/keys'),
  /** Lifetime of an access token. Short: a token cannot be revoked before it expires. */
  ACCESS_TOKEN_TTL_SECONDS: integer(30, 24 * 3600).default(15 * 60),

  /**
   * scrypt cost as log2(N) for new hashes (r=8, p=1): 15 means 32 MiB and tens of milliseconds
   * per hash. Tests lower it to keep many logins cheap; existing hashes keep their own cost and
   * are upgraded at the next successful login when this is raised.
   */
  SCRYPT_LOG2_N: integer(10, 20).default(15),

  /** Failed logins allowed per account (email) within LOGIN_FAILURE_WINDOW_SECONDS. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: integer(1, 1000).default(5),
  /** Failed logins allowed per client address within LOGIN_FAILURE_WINDOW_SECONDS. */
  LOGIN_MAX_FAILURES_PER_ADDRESS: integer(1, 100_000).default(20),
  LOGIN_FAILURE_WINDOW_SECONDS: integer(1, 24 * 3600).default(15 * 60),
});

export type UserConfig = z.output<typeof userConfig>;
