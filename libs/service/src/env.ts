import { databaseEnv, durationMs, integer, redisEnv, z, type ShopProfile } from '@shop/config';
import { flagsEnv } from '@shop/flags';
import { DEFAULT_CHANNELS, DEFAULT_TLS_RELOAD_MS } from '@shop/rpc';

/** A service that owns a Postgres database. */
export interface DatabaseSpec {
  migrationsDir: string;
  /** DATABASE_URL's default: where the database is on a laptop. */
  defaultUrl: string;
}

/** A service that uses Redis. */
export interface RedisSpec {
  /** REDIS_KEY_PREFIX's default: every key of this app starts with it (the client applies it). */
  keyPrefix: string;
  /** REDIS_URL's default. */
  defaultUrl: string;
}

/**
 * The whole schema of a service: its own settings, the chassis's, and DATABASE_URL/REDIS_URL when
 * (and only when) the spec declares a database or Redis. Exported for commands that read the same
 * config outside the service (inventory's `seed`).
 */
export function configSchema<S extends z.ZodObject, D extends DatabaseSpec | undefined, R extends RedisSpec | undefined>(spec: {
  config: S;
  database?: D;
  redis?: R;
}): z.ZodType<ConfigOf<S, D, R>> {
  return spec.config.extend({
    ...chassisEnv(spec),
    ...(spec.database ? databaseEnv(spec.database.defaultUrl) : {}),
    ...(spec.redis ? { ...redisEnv(spec.redis.defaultUrl), REDIS_KEY_PREFIX: keyPrefix(spec.redis.keyPrefix) } : {}),
  }) as unknown as z.ZodType<ConfigOf<S, D, R>>;
}

/** The config a service sees: its own schema's output plus what the chassis added for its spec. */
export type ConfigOf<S extends z.ZodObject, D, R> = z.output<S> &
  ChassisConfig &
  (D extends DatabaseSpec ? DatabaseConfig : unknown) &
  (R extends RedisSpec ? RedisConfig : unknown);

/** Every Redis key of the app starts with it; tests and deployments sharing a server give each their own. */
function keyPrefix(defaultPrefix: string) {
  return z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{0,63}:$/, 'expected up to 64 of A-Z a-z 0-9 _ . : - ending in ":"')
    .default(defaultPrefix);
}

/** Settings every service has, beyond what its own schema declares. */
function chassisEnv(spec: { database?: unknown }) {
  return {
    /** How often the app re-checks its own dependencies for readiness. */
    READINESS_INTERVAL_MS: durationMs(2000),
    /** Circuit breakers (one per downstream target): how long an open breaker waits before a trial call. */
    BREAKER_RESET_TIMEOUT_MS: durationMs(5000),
    /** ...and how many calls in the rolling window it needs before it may open at all. */
    BREAKER_VOLUME_THRESHOLD: integer(1, 10_000).default(5),
    /** ...and the failure percentage in that window that opens it. */
    BREAKER_ERROR_THRESHOLD_PERCENT: integer(1, 100).default(50),
    /**
     * CPU profiles, heap snapshots and the runtime log level on the admin port (/debug/*, see
     * @shop/metrics createDiagnostics). Off unless true; then DIAGNOSTICS_TOKEN (from a Secret)
     * is required as the bearer token.
     */
    DIAGNOSTICS_ENABLED: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
    DIAGNOSTICS_TOKEN: z.string().optional(),
    /**
     * Mutual TLS for gRPC (see @shop/rpc credentials.ts): a directory in cert-manager's Secret
     * layout (ca.crt, tls.crt, tls.key). Set, every server requires a client certificate from that
     * CA and every client presents its own and verifies the server's.
     */
    GRPC_TLS_DIR: z.string().min(1).optional(),
    /** How often GRPC_TLS_DIR's files are read again, so renewed certificates are used without a restart. */
    GRPC_TLS_RELOAD_MS: integer(100, 3_600_000).default(DEFAULT_TLS_RELOAD_MS),
    /** "true" declares that a mesh (Istio STRICT mTLS) encrypts and authenticates every gRPC hop instead. */
    GRPC_MESH_MTLS: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
    /** Channels (each with its own connections) every gRPC client opens per downstream target; calls take them in turn. */
    GRPC_CLIENT_CHANNELS: integer(1, 16).default(DEFAULT_CHANNELS),
    /** Server reflection (grpcurl, grpcui): on by default locally, off by default in production. */
    GRPC_REFLECTION: z
      .enum(['true', 'false'])
      .optional()
      .transform((value) => (value === undefined ? undefined : value === 'true')),
    /**
     * Apply migrations at start-up. Handy locally (`nx serve`); the Helm chart turns it off and runs
     * `main.cjs migrate` as a hook Job instead. Either way an advisory lock serialises replicas.
     */
    MIGRATE_ON_START: z
      .enum(['true', 'false'])
      .default(spec.database ? 'true' : 'false')
      .transform((value) => value === 'true'),
    /** Run-time flags (@shop/flags): the chassis' faults and settings, and the app's own. */
    ...flagsEnv,
  };
}

export interface ChassisConfig {
  HOST: string;
  PORT: number;
  ADMIN_PORT: number;
  LOG_LEVEL: string;
  SHUTDOWN_DRAIN_MS: number;
  SHUTDOWN_TIMEOUT_MS: number;
  READINESS_INTERVAL_MS: number;
  MIGRATE_ON_START: boolean;
  DIAGNOSTICS_ENABLED: boolean;
  DIAGNOSTICS_TOKEN?: string;
  BREAKER_RESET_TIMEOUT_MS: number;
  BREAKER_VOLUME_THRESHOLD: number;
  BREAKER_ERROR_THRESHOLD_PERCENT: number;
  SHOP_PROFILE: ShopProfile;
  GRPC_TLS_DIR?: string;
  GRPC_TLS_RELOAD_MS: number;
  GRPC_MESH_MTLS: boolean;
  GRPC_CLIENT_CHANNELS: number;
  GRPC_REFLECTION?: boolean | undefined;
  FLAGS_FILE?: string | undefined;
}

/** A production profile never sends gRPC in clear: grpc-js mTLS or a mesh's, one of them declared. */
export function transportRefusals(config: Pick<ChassisConfig, 'SHOP_PROFILE' | 'GRPC_TLS_DIR' | 'GRPC_MESH_MTLS'>): string[] {
  if (config.SHOP_PROFILE !== 'production' || config.GRPC_TLS_DIR !== undefined || config.GRPC_MESH_MTLS) return [];
  return ['GRPC_TLS_DIR: is required when SHOP_PROFILE=production (mutual TLS between services), unless GRPC_MESH_MTLS=true says a mesh provides it'];
}

export interface DatabaseConfig {
  DATABASE_URL: string;
  DB_POOL_MAX: number;
  DB_PREPARED_STATEMENTS: boolean;
}

export interface RedisConfig {
  REDIS_URL: string;
  REDIS_KEY_PREFIX: string;
}
