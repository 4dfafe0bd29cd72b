import { isCircuitOpenError } from '@shop/breakers';
import { isServiceError, quotaRefusalOf, status } from '@shop/rpc';
import { HttpProblem, type ProblemKind } from './problems';

/**
 * The one table from a downstream gRPC status to what the API answers. Codes not listed are our
 * own fault (INTERNAL, UNKNOWN, DATA_LOSS, UNIMPLEMENTED, ...): a bare 500, details never shown.
 */
export const GRPC_STATUS_TO_PROBLEM: ReadonlyMap<status, ProblemKind> = new Map([
  [status.INVALID_ARGUMENT, 'validation'],
  [status.OUT_OF_RANGE, 'validation'],
  [status.UNAUTHENTICATED, 'unauthenticated'],
  [status.PERMISSION_DENIED, 'forbidden'],
  [status.NOT_FOUND, 'notFound'],
  [status.ALREADY_EXISTS, 'conflict'],
  [status.ABORTED, 'conflict'],
  // The resource is not in a state that allows the request (empty cart, cancelling a failed order).
  [status.FAILED_PRECONDITION, 'conflict'],
  // A limit refusing this client is a 429 (see problemFromGrpc); otherwise the service is overloaded.
  [status.RESOURCE_EXHAUSTED, 'unavailable'],
  [status.CANCELLED, 'clientClosedRequest'],
  [status.UNAVAILABLE, 'unavailable'],
  [status.DEADLINE_EXCEEDED, 'timeout'],
]);

/** Kinds whose gRPC details are written for the caller (domain errors), so they pass through. */
const CALLER_FACING: ReadonlySet<ProblemKind> = new Set(['validation', 'unauthenticated', 'forbidden', 'notFound', 'conflict', 'rateLimited']);

/** Retry-After for an UNAVAILABLE that does not say when: a restart or a failover is usually quick. */
export const DEFAULT_RETRY_AFTER_SECONDS = 1;

/** The problem a failed gRPC call becomes; undefined for anything that is not a gRPC error. */
export function problemFromGrpc(error: unknown): HttpProblem | undefined {
  if (!isServiceError(error)) return undefined;
  const refusal = quotaRefusalOf(error);
  if (refusal) {
    const seconds = Math.max(1, Math.ceil(refusal.retryAfterMs / 1000));
    return new HttpProblem('rateLimited', { detail: error.details, headers: { 'Retry-After': String(seconds) } });
  }
  const kind = GRPC_STATUS_TO_PROBLEM.get(error.code) ?? 'internal';
  const headers: Record<string, string> = {};
  if (kind === 'unavailable') {
    // An open breaker knows when it lets a trial call through; tell clients not to come before.
    const seconds = isCircuitOpenError(error) ? Math.max(1, Math.ceil(error.retryAfterMs / 1000)) : DEFAULT_RETRY_AFTER_SECONDS;
    headers['Retry-After'] = String(seconds);
  }
  return new HttpProblem(kind, {
    ...(CALLER_FACING.has(kind) && error.details ? { detail: error.details } : {}),
    headers,
  });
}
