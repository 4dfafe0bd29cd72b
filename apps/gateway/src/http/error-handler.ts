import { DeadlineExceededError } from '@shop/context';
import type { Logger } from '@shop/logging';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { problemFromGrpc } from './grpc-status';
import { HttpProblem, sendProblem } from './problems';

/** body-parser's error types, by what they mean to the client. */
const BODY_ERRORS: Record<string, HttpProblem> = {
  'entity.parse.failed': new HttpProblem('malformedJson'),
  'entity.too.large': new HttpProblem('payloadTooLarge'),
  'encoding.unsupported': new HttpProblem('unsupportedMediaType', { detail: 'unsupported Content-Encoding' }),
  'charset.unsupported': new HttpProblem('unsupportedMediaType', { detail: 'JSON bodies must be UTF-8' }),
};

/** Anything thrown below the API router, as the problem the client gets. */
export function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  const bodyError = BODY_ERRORS[(error as { type?: string } | null)?.type ?? ''];
  if (bodyError) return bodyError;
  // The router could not percent-decode a path parameter (%FF, a lone surrogate): the client's URL is wrong.
  if (error instanceof URIError) return new HttpProblem('validation', { detail: 'the path is not valid percent-encoded UTF-8' });
  if (error instanceof DeadlineExceededError) return new HttpProblem('timeout');
  return problemFromGrpc(error) ?? new HttpProblem('internal');
}

/** Renders every error of the API as problem+json; logs only what is ours or a dependency's to fix. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    const problem = toProblem(error);
    if (problem.status >= 500) logger.error({ err: error, status: problem.status }, 'request failed');
    sendProblem(res, problem);
  };
}

/** A 404 in the API's own problem vocabulary (the chassis answers anything outside /api). */
export const apiNotFound: RequestHandler = (req) => {
  throw new HttpProblem('notFound', { detail: `no route for ${req.method} ${req.originalUrl.split('?')[0]}` });
};
