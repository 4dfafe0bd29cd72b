import { durationMs, grpcTarget, integer, serviceEnv, z } from '@shop/config';
import { join } from 'node:path';

/**
 * Express's `trust proxy`: which hops in X-Forwarded-For to believe when deciding the client's
 * address (rate limits, the client_ip given to Login). `false` (the default) uses the socket's
 * peer address. Behind one ingress proxy (the Istio ingress gateway) set `1`; or name the proxies'
 * addresses: `loopback`, `uniquelocal`, CIDRs, comma-separated. `true` (believe any hop) is refused:
 * a client could then pick its own address and rate-limit key.
 */
const trustProxy = z
  .string()
  .trim()
  .default('false')
  .refine((value) => value !== 'true', 'true trusts every hop, so clients could forge their address; give a hop count or addresses')
  .transform((value): false | number | string => {
    if (value === 'false' || value === '') return false;
    return /^\d+$/.test(value) ? Number(value) : value;
  });

/** Comma-separated allowed origins; empty (the default) means no CORS headers at all. */
const originList = z
  .string()
  .default('')
  .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
  .pipe(z.array(z.url({ error: 'expected origins like https://shop.example' })));

/** Everything gateway reads from its environment; the defaults run it on a laptop. */
export const gatewayConfig = z.object({
  ...serviceEnv({ port: 8080, adminPort: 9080 }),
  USER_ADDR: grpcTarget('dns:///127.0.0.1:50051'),
  INVENTORY_ADDR: grpcTarget('dns:///127.0.0.1:50052'),
  ORDER_ADDR: grpcTarget('dns:///127.0.0.1:50054'),

  /**
   * How long start-up retries fetching the user service's token verification keys (locally they
   * start together). After that the gateway serves anyway; signed-in routes answer 503 until it has them.
   */
  JWT_KEY_WAIT_MS: durationMs(15_000),
  /** How often the key set is fetched again: the longest a key the user service retired keeps verifying here. */
  JWT_KEYS_REFRESH_MS: durationMs(5 * 60_000),
  /** A token with a kid not held fetches the set at once, but at most once per this long (made-up kids cannot flood the user service). */
  JWT_KEYS_MISS_COOLDOWN_MS: durationMs(10_000),

  /**
   * The storefront's build, served at / (see http/storefront.ts). By default the directory beside
   * the gateway's own: dist/apps/storefront next to dist/apps/gateway/main.cjs (`nx build gateway`
   * builds both), /storefront next to /app in the image. Empty, or no index.html there: the API only.
   */
  STOREFRONT_DIR: z.string().default(join(__dirname, '..', 'storefront')),

  /** Budget of a request (every route but checkout's): the deadline of every gRPC call it makes. */
  REQUEST_BUDGET_MS: durationMs(5_000),
  /** Budget of checkout (POST /orders), which runs the whole saga; the order service answers PENDING before it runs out. */
  CHECKOUT_BUDGET_MS: durationMs(10_000),

  TRUST_PROXY: trustProxy,
  CORS_ALLOWED_ORIGINS: originList,
  /** Largest JSON body accepted; larger ones get 413 before anything is parsed. */
  BODY_LIMIT_BYTES: integer(256, 1024 * 1024).default(16 * 1024),

  /**
   * Rate limits, shared by every replica through Redis (each replica limits alone while Redis is
   * down). Points per window per client address; authenticated routes also count per user.
   */
  RATE_LIMIT_WINDOW_SECONDS: integer(1, 3600).default(60),
  RATE_LIMIT_PER_ADDRESS: integer(1, 1_000_000).default(300),
  RATE_LIMIT_PER_USER: integer(1, 1_000_000).default(120),
  /** Login and register, per address: stricter, they are what credential stuffing hits. */
  RATE_LIMIT_AUTH_PER_ADDRESS: integer(1, 1_000_000).default(10),

  /** How long a completed POST /orders response is replayed for its Idempotency-Key. */
  IDEMPOTENCY_TTL_SECONDS: integer(60, 7 * 24 * 3600).default(24 * 3600),
  /** How long the claim of a checkout that failed (or is still PENDING) keeps its body check. */
  IDEMPOTENCY_CLAIM_TTL_SECONDS: integer(30, 24 * 3600).default(10 * 60),
  /**
   * HMAC key of the request fingerprints stored with idempotency records (brand, last four,
   * expiry, holder: keyed, so they cannot be matched against known cards). A Secret in a cluster;
   * required unless SHOP_PROFILE=local, where a built-in key stands in.
   */
  IDEMPOTENCY_FINGERPRINT_KEY: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)').optional(),
});

export type GatewayConfig = z.output<typeof gatewayConfig>;

/** Stands in for IDEMPOTENCY_FINGERPRINT_KEY when SHOP_PROFILE=local only. */
const LOCAL_FINGERPRINT_KEY = 'local-only-fingerprint-key-never-in-production';

/** The settings that depend on SHOP_PROFILE, or the refusals that stop start-up. */
export function profileSettings(config: GatewayConfig): { fingerprintKey: string } | { refusals: string[] } {
  if (config.IDEMPOTENCY_FINGERPRINT_KEY !== undefined) return { fingerprintKey: config.IDEMPOTENCY_FINGERPRINT_KEY };
  if (config.SHOP_PROFILE === 'local') return { fingerprintKey: LOCAL_FINGERPRINT_KEY };
  return { refusals: ['IDEMPOTENCY_FINGERPRINT_KEY: is required unless SHOP_PROFILE=local (a Secret: openssl rand -hex 32)'] };
}
