import type { Logger } from '@shop/logging';
import { rateLimitAddress } from '@shop/ratelimit';
import { requestBudget } from '@shop/service/http';
import express, { type RequestHandler, type Router } from 'express';
import type { AccessTokenVerifier } from '../auth/access-tokens';
import { apiNotFound, problemHandler } from '../http/error-handler';
import { validateRequest } from '../http/validate';
import { rateLimit, type RateLimiters } from '../limits/rate-limits';
import type { Caller, Downstream, EdgeStores, Route } from './route';

export interface ApiOptions {
  routes: readonly Route[];
  downstream: Downstream;
  stores: EdgeStores;
  verifier: AccessTokenVerifier;
  limiters: RateLimiters;
  /** Each route tightens the chassis's request context to its own budget (REQUEST_BUDGET_MS or CHECKOUT_BUDGET_MS). */
  budgets: Record<Route['budget'], number>;
  bodyLimitBytes: number;
  logger: Logger;
}

/**
 * The /api/v1 router. Per route, in this order: its budget; the per-address limit (before any
 * work, so floods of bad requests count too); the access token; the per-user limit; the body (read
 * only now); validation of every input; the handler. Errors end as problem+json.
 */
export function apiRouter(options: ApiOptions): Router {
  const router = express.Router();
  const body = express.json({ limit: options.bodyLimitBytes, strict: true });
  for (const route of options.routes) router[route.method](route.path, ...pipeline(route, options, body));
  router.use(apiNotFound);
  router.use(problemHandler(options.logger));
  return router;
}

const clientOf = (res: express.Response) => res.locals as Caller;

function pipeline(route: Route, options: ApiOptions, body: RequestHandler): RequestHandler[] {
  const { limiters, verifier, logger } = options;
  const byAddress: RequestHandler = (req, res, next) => {
    clientOf(res).clientIp = req.ip ?? req.socket.remoteAddress ?? '';
    clientOf(res).userId = '';
    next();
  };
  const handlers: RequestHandler[] = [
    requestBudget(options.budgets[route.budget]),
    byAddress,
    rateLimit(route.limit === 'auth' ? limiters.auth : limiters.address, (_req, res) => addressKeyOf(clientOf(res).clientIp), logger),
  ];
  if (route.auth) {
    handlers.push(
      async (req, res, next) => {
        clientOf(res).userId = await verifier.userIdOf(req.get('Authorization'));
        next();
      },
      rateLimit(limiters.user, (_req, res) => clientOf(res).userId, logger),
    );
  }
  // The body is read only now: a request is counted (and refused when over its limits or not
  // signed in) before the gateway spends anything on its body. A route that declares no body never
  // reads one (Node discards it), so it gets no parser.
  if (route.request.body) handlers.push(body);
  handlers.push(async (req, res) => {
    const input = validateRequest(route.request, req);
    const { clientIp, userId } = clientOf(res);
    const reply = await route.handle({ ...input, clientIp, userId }, options.downstream, options.stores);
    if (reply.headers) for (const name in reply.headers) res.setHeader(name, reply.headers[name]!);
    if (reply.body === undefined) res.status(reply.status).end();
    else res.status(reply.status).json(reply.body);
  });
  return handlers;
}

/** req.ip is always an address here; should it ever not be, it is still a key of its own. */
function addressKeyOf(ip: string): string {
  return rateLimitAddress(ip) ?? ip;
}
