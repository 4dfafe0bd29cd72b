import type { RedisSpec } from '@shop/service';
import type { HttpServiceApp } from '@shop/service/http';
import helmet from 'helmet';
import { AccessTokenVerifier } from './auth/access-tokens';
import { fetchFirstKeys, VerificationKeys } from './auth/verification-keys';
import { exitWithConfigErrors } from '@shop/config';
import { profileSettings, type gatewayConfig } from './config';
import { cors } from './http/cors';
import { serveStorefront } from './http/storefront';
import { IdempotencyStore } from './idempotency';
import { applyLimitFlags } from './limits/flags';
import { createRateLimiters } from './limits/rate-limits';
import { openApiDocument } from './openapi';
import { API_PREFIX, API_ROUTES } from './routes';
import { apiRouter } from './routes/mount';
import type { Downstream } from './routes/route';

/** The gateway as the chassis runs it: its config, Redis, no database. */
export type GatewayApp = HttpServiceApp<typeof gatewayConfig, undefined, RedisSpec>;

/** The HTTP edge on the chassis's Express app (which already logs and measures every request): security headers, CORS, the API, the storefront. */
export async function registerEdge(app: GatewayApp): Promise<void> {
  const { config, logger, express } = app;
  const settings = profileSettings(config);
  if ('refusals' in settings) exitWithConfigErrors(settings.refusals);
  // Which X-Forwarded-For hops to believe for req.ip: see TRUST_PROXY in config.ts.
  express.set('trust proxy', config.TRUST_PROXY);
  // No ETag made from response bodies: Express's default hashes every JSON answer, yet an answer
  // is computed afresh for each request (stock moves), so a 304 to a client revalidating with
  // If-None-Match would save only the body's bytes after the gRPC call and the JSON are done.
  // The storefront's files keep validators: express.static its ETag, index.html Last-Modified.
  express.set('etag', false);
  express.use(helmet());
  if (config.CORS_ALLOWED_ORIGINS.length > 0) express.use(cors(config.CORS_ALLOWED_ORIGINS));

  const downstream = downstreamOf(app);
  const keys = new VerificationKeys({
    fetch: async () => (await downstream.users.getVerificationKeys({})).jwks,
    missCooldownMs: config.JWT_KEYS_MISS_COOLDOWN_MS,
    logger,
  });
  await fetchFirstKeys(keys, config.JWT_KEY_WAIT_MS, logger);
  app.startWorker({ name: 'token key refresh', intervalMs: config.JWT_KEYS_REFRESH_MS, run: () => keys.refresh() });
  const limiters = createRateLimiters(app.redis, {
    windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
    perAddress: config.RATE_LIMIT_PER_ADDRESS,
    perUser: config.RATE_LIMIT_PER_USER,
    authPerAddress: config.RATE_LIMIT_AUTH_PER_ADDRESS,
  });
  await applyLimitFlags(app, limiters);
  const document = openApiDocument(API_ROUTES);
  express.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  express.use(
    API_PREFIX,
    apiRouter({
      routes: API_ROUTES,
      downstream,
      stores: {
        idempotency: new IdempotencyStore(
          app.redis,
          {
            ttlSeconds: config.IDEMPOTENCY_TTL_SECONDS,
            claimTtlSeconds: config.IDEMPOTENCY_CLAIM_TTL_SECONDS,
            fingerprintKey: settings.fingerprintKey,
          },
          app.logger,
        ),
      },
      verifier: new AccessTokenVerifier(keys),
      limiters,
      budgets: { request: config.REQUEST_BUDGET_MS, checkout: config.CHECKOUT_BUDGET_MS },
      bodyLimitBytes: config.BODY_LIMIT_BYTES,
      logger,
    }),
  );
  serveStorefront(express, config.STOREFRONT_DIR, logger);
}

/**
 * One client per service, each behind its own breaker. Cart and orders live in one process but
 * depend on different things (Redis, Postgres): with separate breakers a Redis outage that fails
 * carts does not cut off order reads.
 */
function downstreamOf(app: GatewayApp): Downstream {
  const { config } = app;
  const protos = app.protos.shop;
  return {
    users: app.client(protos.user.v1.UserService, { target: config.USER_ADDR, name: 'user' }),
    inventory: app.client(protos.inventory.v1.InventoryService, { target: config.INVENTORY_ADDR, name: 'inventory' }),
    orders: app.client(protos.order.v1.OrderService, { target: config.ORDER_ADDR, name: 'order' }),
    carts: app.client(protos.order.v1.CartService, { target: config.ORDER_ADDR, name: 'cart' }),
  };
}
