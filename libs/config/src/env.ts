import { z } from 'zod';

/*
 * Reusable pieces of app schemas (@shop/service adds databaseEnv/redisEnv itself for an app whose
 * spec declares a database or Redis). Each fragment is a zod shape, so an app composes its schema with
 * spreads and gets one flat, typed config object:
 *
 *   const Config = z.object({
 *     ...serviceEnv({ port: 50051, adminPort: 9461 }),
 *     CATALOG_ADDR: grpcTarget('dns:///127.0.0.1:50052'),
 *   });
 *   export const config = loadConfig(Config);
 *
 * Defaults are the ones that work on a laptop; the Helm chart sets the production values.
 */

/** Largest delay setTimeout honours; anything above fires immediately. */
const MAX_TIMER_MS = 2_147_483_647;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function integer(min: number, max: number) {
  const message = `expected an integer from ${min} to ${max}`;
  return z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);
}

/** A TCP port. 0 means "any free port" (tests and side-by-side local runs use it). */
export function port(defaultPort: number) {
  return integer(0, 65535).default(defaultPort);
}

/** A duration in whole milliseconds, bounded by what setTimeout can represent. */
export function durationMs(defaultMs: number) {
  return integer(0, MAX_TIMER_MS).default(defaultMs);
}

const HOST_PORT = String.raw`(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):\d{1,5}`;
const GRPC_TARGET = new RegExp(
  `^(?:dns:(?://[^/\\s]*/)?${HOST_PORT}|${HOST_PORT}|(?:ipv4|ipv6|unix|unix-abstract):\\S+)$`,
);

/**
 * A gRPC channel target (https://github.com/grpc/grpc/blob/master/doc/naming.md), e.g.
 * `dns:///orders.shop.svc.cluster.local:50051` or `127.0.0.1:50052`. The port is required: an
 * implicit 443 is never what a service-to-service call means.
 */
export function grpcTarget(defaultTarget: string) {
  return z
    .string()
    .trim()
    .regex(GRPC_TARGET, 'expected a gRPC target like dns:///host:port, host:port, ipv4:addr:port or unix:/path')
    .default(defaultTarget);
}

/**
 * What kind of deployment this is. `production`, the default (what an image runs unless told
 * otherwise), refuses the conveniences of a laptop: the simulated card processor, built-in keys,
 * server reflection by default. `local` (npm start, nx serve, the tests, an in-cluster demo) allows
 * them, and must be asked for explicitly.
 */
export const SHOP_PROFILES = ['local', 'production'] as const;
export type ShopProfile = (typeof SHOP_PROFILES)[number];

export function serviceEnv(defaults: { port: number; adminPort: number }) {
  return {
    SHOP_PROFILE: z.enum(SHOP_PROFILES, { error: `expected ${SHOP_PROFILES.join(' or ')}` }).default('production'),
    HOST: z.string().default('0.0.0.0'),
    /** The gRPC (or HTTP, for the gateway) port. */
    PORT: port(defaults.port),
    /** /metrics, /healthz, /readyz: kept off the service port so probes never queue behind traffic. */
    ADMIN_PORT: port(defaults.adminPort),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    /**
     * How long to keep serving after SIGTERM while endpoints are withdrawn. 0 locally; the Helm
     * chart sets 5000 so kube-proxy and Envoy stop routing here before the listener closes.
     */
    SHUTDOWN_DRAIN_MS: durationMs(0),
    /** Upper bound for in-flight calls to finish after the drain before the process gives up. */
    SHUTDOWN_TIMEOUT_MS: durationMs(10_000),
    /** Unset: no exporter, traces stay in-process (trace ids still reach the logs). */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
    /** Head sampling ratio for root spans (parent-based otherwise). */
    OTEL_TRACES_SAMPLER_ARG: z.coerce
      .number({ error: 'expected a number from 0 to 1' })
      .min(0, 'expected a number from 0 to 1')
      .max(1, 'expected a number from 0 to 1')
      .default(1),
  };
}

export function databaseEnv(defaultUrl: string) {
  return {
    DATABASE_URL: z.url({ protocol: /^postgres(?:ql)?$/, error: 'expected a postgres:// URL' }).default(defaultUrl),
    DB_POOL_MAX: integer(1, 1000).default(10),
    /**
     * Named (prepared) statements, planned once per connection (@shop/db). Off only behind a
     * transaction-pooling proxy that does not track them (PgBouncer before 1.21).
     */
    DB_PREPARED_STATEMENTS: z
      .enum(['true', 'false'])
      .default('true')
      .transform((value) => value === 'true'),
  };
}

export function redisEnv(defaultUrl: string) {
  return {
    REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'expected a redis:// or rediss:// URL' }).default(defaultUrl),
  };
}
