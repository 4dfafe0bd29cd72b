import type { Logger } from '@shop/logging';
import type { RequestHandler } from 'express';
import { randomUUID } from 'node:crypto';

/**
 * The request headers an access-log line shows: an allow-list, so a header nobody thought of
 * (Proxy-Authorization, X-Api-Key, a vendor's token header) never reaches a log. Credentials are
 * shown only as present (the logger's redaction censors their values), which is what debugging needs.
 */
const LOGGED_HEADERS = [
  'host',
  'user-agent',
  'accept',
  'accept-encoding',
  'content-type',
  'content-length',
  'origin',
  'referer',
  'x-request-id',
  'x-forwarded-for',
  'x-forwarded-proto',
  'traceparent',
  'idempotency-key',
  'authorization',
  'cookie',
] as const;

/** What a response line shows of the response's headers: what it was and how to follow it up. */
const LOGGED_RESPONSE_HEADERS = ['content-type', 'content-length', 'location', 'retry-after', 'set-cookie'] as const;

function shown(names: readonly string[], header: (name: string) => unknown): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const name of names) {
    const value = header(name);
    if (value !== undefined) shown[name] = value;
  }
  return shown;
}

const REQUEST_ID = /^[\w.-]{1,128}$/;

/**
 * One access-log line per request, written when the response ends, on the chassis logger: the line
 * carries trace_id/span_id (the logger's mixin) and passes its redaction (Authorization and cookies
 * censored, shown only as present). A plain object of chosen fields, with no logger made per
 * request: a line costs one serialisation, and nothing at all when its level is off.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', id);
    const write = () => {
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const line = {
        // The request line without the query string: search terms and tokens in URLs stay out of logs.
        req: { id, method: req.method, path: (req.originalUrl ?? req.url).split('?')[0], headers: shown(LOGGED_HEADERS, (name) => req.headers[name]), remoteAddress: req.socket.remoteAddress },
        res: { statusCode: status, headers: shown(LOGGED_RESPONSE_HEADERS, (name) => res.getHeader(name)) },
        responseTime: Math.round(performance.now() - started),
      };
      logger[level](line, status >= 500 ? 'request errored' : 'request completed');
    };
    // 'finish' once the response is written; 'close' alone when the client went away first.
    res.once('finish', write);
    res.once('close', () => {
      if (!res.writableFinished) write();
    });
    next();
  };
}
