import { redactSecrets, type Logger } from '@shop/logging';
import type { RequestHandler } from 'express';
import { randomUUID } from 'node:crypto';
import { pinoHttp } from 'pino-http';

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

function loggedHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const name of LOGGED_HEADERS) if (headers[name] !== undefined) shown[name] = headers[name];
  return shown;
}

/**
 * One access-log line per request through pino-http on the chassis logger, so the line carries
 * trace_id/span_id (the logger's mixin). The request and the response are class instances, which
 * the logger's redaction does not walk: their serializers pass what they show through it
 * (Authorization and cookies censored, shown only as present).
 */
export function requestLog(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    // The request line without the query string: search terms and tokens in URLs stay out of logs.
    serializers: {
      req: (req: { id: unknown; method: string; url: string; headers: Record<string, unknown>; remoteAddress: string }) =>
        redactSecrets({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
          headers: loggedHeaders(req.headers),
          remoteAddress: req.remoteAddress,
        }),
      res: (res: { statusCode: number; headers: Record<string, unknown> }) => redactSecrets({ statusCode: res.statusCode, headers: res.headers }),
    },
  }) as unknown as RequestHandler;
}
