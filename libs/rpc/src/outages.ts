/*
 * The failure-semantics rule, enforced here (toStatus is its one caller): a dependency that is down,
 * restarting or resetting connections — Postgres, Redis, the network to them — is UNAVAILABLE, so
 * callers retry, breakers count it and the edge answers 503 with Retry-After. INTERNAL is for bugs
 * only. Errors are recognised by shape (codes and messages of node-postgres, ioredis and Node's
 * sockets), so this module needs neither driver.
 */

/** Socket errors: the dependency's host refused, reset or dropped us. */
const SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs of a server that cannot serve right now: class 08 (connection exception), 53
 * (insufficient resources: too many connections, out of memory or disk), 57P01-57P05 (shutting
 * down, crashed, starting up, idle session timeout). 57014 (statement cancelled by our deadline) is
 * mapped to DEADLINE_EXCEEDED by @shop/db before it gets here.
 */
function isUnavailableSqlState(code: string): boolean {
  return /^(08|53)[0-9A-Z]{3}$/.test(code) || /^57P0[1-5]$/.test(code);
}

/** Messages of node-postgres (connection lost, pool checkout timeout) and ioredis (down, frozen, closed). */
const OUTAGE_MESSAGES = [
  /^Connection terminated( unexpectedly| due to connection timeout)?$/,
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Command timed out$/,
  /^Stream isn't writeable and enableOfflineQueue options is false$/,
  /^Connection is closed\.?$/,
  /^Reached the max retries per request limit/,
];

/**
 * Redis's own refusals of a server that cannot serve right now: out of memory under `noeviction`
 * (the chart's policy), loading its data set, busy with a script, a replica cut off from its
 * primary or read-only after a failover. A retry later can succeed; nothing is wrong with the call.
 */
const REDIS_UNAVAILABLE_REPLY = /^(OOM|LOADING|BUSY|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN) /;

/** Does this error (or one it wraps) say that a dependency is unavailable, rather than that we have a bug? */
export function isDependencyOutage(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || isUnavailableSqlState(code))) return true;
  if (error.name === 'MaxRetriesPerRequestError') return true;
  if (OUTAGE_MESSAGES.some((pattern) => pattern.test(error.message))) return true;
  if (error.name === 'ReplyError' && REDIS_UNAVAILABLE_REPLY.test(error.message)) return true;
  // AggregateError (a connect to every address of a host failed), or a wrapped cause.
  const nested = error instanceof AggregateError ? error.errors : [(error as { cause?: unknown }).cause];
  return nested.some((inner) => isDependencyOutage(inner, depth + 1));
}
