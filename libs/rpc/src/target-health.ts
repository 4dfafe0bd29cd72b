import { status } from '@grpc/grpc-js';
import { quotaRefusalOf } from './error-details';

// Statuses that say the target is unhealthy (or overloaded). Every other status is an answer: the
// target is up and said no to this request, which must not cut off everyone else's requests. A
// RESOURCE_EXHAUSTED that carries a QuotaFailure is such an answer too (a limiter refused this
// caller, e.g. too many failed logins for one account), not overload.
const TARGET_FAILURES: ReadonlySet<number> = new Set([
  status.UNAVAILABLE,
  status.DEADLINE_EXCEEDED,
  status.INTERNAL,
  status.RESOURCE_EXHAUSTED,
]);

/** Does this error of a call count against the target's health (its circuit breaker)? Errors without a gRPC status do. */
export function isTargetFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'number') return true;
  return TARGET_FAILURES.has(code) && quotaRefusalOf(err) === undefined;
}
