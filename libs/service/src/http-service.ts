import type { z } from '@shop/config';
import { DeadlineExceededError, openContext, type OpenedContext } from '@shop/context';
import express, { type ErrorRequestHandler, type Express, type RequestHandler, type Response } from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestBudgetFlag } from './flags';
import { requestLog } from './request-log';
import { requestSpan, routeOf } from './request-span';
import type { ChassisConfig, ConfigOf, DatabaseSpec, RedisSpec } from './env';
import { exitOnStartupFailure, ServiceRuntime, type BaseSpec, type RunningService, type ServiceContext } from './runtime';

export interface HttpServiceSpec<S extends z.ZodObject, D extends DatabaseSpec | undefined = undefined, R extends RedisSpec | undefined = undefined>
  extends BaseSpec<S, D, R> {
  /**
   * The budget the chassis opens for every request: the deadline of every gRPC call, SQL statement
   * and Redis command made for it, and the longest any request may take. Routes may only tighten
   * it (`requestBudget`), never extend it, so it is the largest budget of any route.
   */
  requestBudgetMs(config: ConfigOf<S, D, R>): number;
  /** Adds the app's routes to `app.express`, which already carries budget, metrics and logging. */
  register(app: HttpServiceApp<S, D, R>): void | Promise<void>;
}

export type HttpServiceApp<S extends z.ZodObject, D = undefined, R = undefined> = ServiceContext<S, D, R> & {
  readonly express: Express;
};

/** The HTTP counterpart of `runGrpcService`: the same defaults for an Express 5 edge. */
export function runHttpService<S extends z.ZodObject, D extends DatabaseSpec | undefined = undefined, R extends RedisSpec | undefined = undefined>(
  spec: HttpServiceSpec<S, D, R>,
): Promise<RunningService> {
  const started = start(spec);
  started.catch(exitOnStartupFailure(spec.name));
  return started;
}

async function start<S extends z.ZodObject, D extends DatabaseSpec | undefined, R extends RedisSpec | undefined>(
  spec: HttpServiceSpec<S, D, R>,
): Promise<RunningService> {
  const runtime = await ServiceRuntime.open(spec);
  const app = express();
  app.disable('x-powered-by');
  const draining = keepAliveDrain();
  // The budget every request opens with: the spec's, tunable at run time (a flag, see ./flags); routes only tighten it.
  const budget = requestBudgetFlag(spec.requestBudgetMs(runtime.config));
  await runtime.flags.define([budget]);
  app.use(draining.middleware, requestSpan(), requestLog(runtime.logger), observe(runtime), openRequestContext(() => runtime.flags.get(budget)));
  // The runtime opened exactly the dependencies the spec declares, which is what the type says.
  await spec.register(runtime.contextWith({ express: app }) as HttpServiceApp<S, D, R>);
  app.use(notFound);
  app.use(internalError(runtime));

  // A request must arrive (headers and body) within its budget: a client trickling its body would
  // otherwise hold a connection and a parser for Node's default of five minutes. Checked every second.
  const budgetMs = spec.requestBudgetMs(runtime.config);
  const server = createServer({ requestTimeout: budgetMs, headersTimeout: budgetMs, connectionsCheckingInterval: 1000 }, app);
  // Keep-alive must outlive the load balancer's idle timeout, or it reuses sockets we are closing.
  server.keepAliveTimeout = 65_000;
  const port = await listen(server, runtime.config.HOST, runtime.config.PORT);
  const adminPort = await runtime.startAdmin(() => undefined);
  const shutdown = runtime.handleSignals(
    (timeoutMs) => closeServer(server, timeoutMs),
    () => draining.start(server),
  );
  runtime.logger.info({ port, adminPort }, `${spec.name} listening`);
  return { port, adminPort, shutdown };
}

/** RED metrics per request, by route template rather than raw path (raw paths are unbounded). */
function observe(runtime: ServiceRuntime<ChassisConfig>): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      const route = routeOf(req) ?? 'unmatched';
      runtime.metrics.http.observe({ method: req.method, route, status: res.statusCode, seconds });
    });
    next();
  };
}

/** The call context the chassis opened for each request, for its route to tighten (`requestBudget`). */
const requestContexts = new WeakMap<Response, OpenedContext>();

/**
 * Opens the request's call context: its deadline (every gRPC call, SQL statement and Redis command
 * made for the request is bounded by it) and cancellation when the client goes away. The chassis
 * opens it for every request with the spec's budget; a route tightens it (`requestBudget`).
 */
function openRequestContext(budgetMs: () => number): RequestHandler {
  return (_req, res, next) => {
    const opened = openContext(Date.now() + budgetMs(), 'request budget spent');
    requestContexts.set(res, opened);
    res.once('close', () => {
      opened.close();
      if (!res.writableFinished) opened.cancel(new DeadlineExceededError('client went away'));
    });
    opened.run(next);
  };
}

/**
 * A route's own budget: tightens the request's context (opened by the chassis with the spec's
 * requestBudgetMs) to end within `budgetMs` from now, never later than it already ends. One
 * context per request, whose deadline timer, if any, is moved rather than a second one started.
 */
export function requestBudget(budgetMs: number): RequestHandler {
  return (_req, res, next) => {
    const opened = requestContexts.get(res);
    if (!opened) return next(new Error('requestBudget runs only in a runHttpService app, after the chassis opened the request context'));
    opened.tighten(Date.now() + budgetMs);
    next();
  };
}

const notFound: RequestHandler = (req, res) => {
  res
    .status(404)
    .type('application/problem+json')
    .json({ type: 'about:blank', title: 'Not Found', status: 404, detail: `no route for ${req.method} ${req.path}` });
};

function internalError(runtime: ServiceRuntime<ChassisConfig>): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    const status = httpStatusOf(error);
    if (status >= 500) runtime.logger.error({ err: error }, 'request failed');
    res
      .status(status)
      .type('application/problem+json')
      .json({ type: 'about:blank', title: status >= 500 ? 'Internal Server Error' : 'Bad Request', status });
  };
}

/** body-parser errors carry their status (400 malformed JSON, 413 too large); everything else is ours. */
function httpStatusOf(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Keep-alive connections outlive a server's close(): a client that keeps sending on one is served
 * until the forced cut. From the moment the app goes not-ready (SIGTERM, before the drain delay),
 * every response, including those of requests already in flight, says `Connection: close`, and
 * each connection is closed as soon as it is idle, so clients move to another replica and the
 * server's close() completes once the last request in flight has been answered.
 */
function keepAliveDrain(): { middleware: RequestHandler; start(server: Server): void } {
  const pending = new Set<express.Response>();
  let server: Server | undefined;
  const closeWhenIdle = () => setImmediate(() => server?.closeIdleConnections());
  return {
    middleware: (_req, res, next) => {
      if (server) res.setHeader('Connection', 'close');
      pending.add(res);
      res.once('close', () => {
        pending.delete(res);
        if (server) closeWhenIdle();
      });
      next();
    },
    start(closing) {
      server = closing;
      for (const res of pending) if (!res.headersSent) res.setHeader('Connection', 'close');
      closing.closeIdleConnections();
    },
  };
}

/** Stops accepting, lets requests in flight finish, and cuts what is left after `timeoutMs`. */
function closeServer(server: Server, timeoutMs: number): Promise<{ forced: boolean }> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.closeAllConnections();
      resolve({ forced: true });
    }, timeoutMs);
    server.close(() => {
      clearTimeout(timer);
      resolve({ forced: false });
    });
    server.closeIdleConnections();
  });
}
