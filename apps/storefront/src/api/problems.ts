/*
 * What went wrong with an API call, in terms a shopper can act on. The gateway answers every error
 * as RFC 9457 problem+json with a stable `type`; a request that never got an answer is a NetworkError.
 */
import type { ProblemDocument } from './types';

/** An error body as the API documents it, every field optional: a proxy may answer instead of the gateway. */
export type Problem = Partial<ProblemDocument>;
export type InvalidParam = NonNullable<Problem['errors']>[number];

const PROBLEM_BASE = 'https://shop.example/problems/';

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status; 0 when no answer arrived. */
    readonly status: number,
    /** The problem type's last segment (`validation`, `rate-limited`, ...), or `network`. */
    readonly kind: string,
    readonly problem: Problem = {},
    /** From Retry-After, when the answer said when to come back. */
    readonly retryAfterSeconds?: number,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }

  /**
   * A service down or slow (503, 504, no answer at all): the shop is degraded, not broken, and a
   * later try may work. Pages show what they can and say what is missing.
   */
  get degraded(): boolean {
    return this.status === 0 || this.status === 503 || this.status === 504;
  }
}

export class NetworkError extends ApiError {
  constructor(cause: unknown) {
    super(0, 'network', { detail: cause instanceof Error ? cause.message : String(cause) });
  }
}

/** An error answer → ApiError, whatever its body (a proxy's HTML page still gives a status). */
export async function errorFromResponse(response: Response, now: number = Date.now()): Promise<ApiError> {
  let problem: Problem = {};
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.includes('json')) {
    problem = ((await response.json().catch(() => ({}))) ?? {}) as Problem;
  }
  const kind = problem.type?.startsWith(PROBLEM_BASE) ? problem.type.slice(PROBLEM_BASE.length) : `http-${response.status}`;
  return new ApiError(response.status, kind, problem, parseRetryAfter(response.headers.get('retry-after'), now));
}

/** Retry-After is delay-seconds or an HTTP date (RFC 9110 §10.2.3); whole seconds from now, at least 1. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.max(1, Number(trimmed));
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(1, Math.ceil((date - now) / 1000));
}

const seconds = (n: number) => (n === 1 ? '1 second' : `${n} seconds`);

/** One sentence for the shopper. `context` names what was being done, for 404s ("product"). */
export function describeError(error: unknown, context: { notFound?: string } = {}): string {
  if (!(error instanceof ApiError)) return 'Something went wrong in this page. Reload it to try again.';
  const retry = error.retryAfterSeconds;
  switch (error.status) {
    case 0:
      return 'The shop cannot be reached right now. Check your connection and try again.';
    case 400: {
      const fields = (error.problem.errors ?? []).map((e) => `${fieldName(e.pointer)}: ${e.detail}`);
      return fields.length > 0 ? `Please check ${fields.join('; ')}.` : `The request was not accepted: ${error.message}.`;
    }
    case 401:
      return 'Please log in to continue.';
    case 403:
      return 'This is not allowed for your account.';
    case 404:
      return context.notFound ?? 'This was not found. It may have been removed.';
    case 409:
      return error.problem.detail ? `This cannot be done now: ${error.problem.detail}.` : 'This cannot be done in the current state.';
    case 413:
      return 'That request is too large.';
    case 422:
      return 'This checkout was already sent with different details. Review your order and place it again.';
    case 429:
      return `Too many requests in a short time. Please try again in ${seconds(retry ?? 60)}.`;
    case 503:
      return `Part of the shop is unavailable right now. Please try again${retry ? ` in ${seconds(retry)}` : ' shortly'}.`;
    case 504:
      return 'The shop took too long to answer. Please try again in a moment.';
    default:
      return error.status >= 500
        ? `Something went wrong on our side.${error.problem.traceId ? ` Reference: ${error.problem.traceId}.` : ''}`
        : error.message;
  }
}

/** `/card/number` → "card number"; `Idempotency-Key` stays as it is. */
function fieldName(pointer: string): string {
  return pointer.startsWith('/') ? pointer.slice(1).replaceAll('/', ' ').replace(/([a-z])([A-Z])/g, (_, a: string, b: string) => `${a} ${b.toLowerCase()}`) : pointer;
}
