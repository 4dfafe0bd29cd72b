import { createBreaker } from '@shop/breakers';
import { isTargetFailure, Metadata, QuotaExceededError, status, toStatus } from '@shop/rpc';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { toProblem } from '../src/http/error-handler';

/*
 * The status table for the codes no service produces on demand (PERMISSION_DENIED, ABORTED,
 * INTERNAL, ...). Every code a service does produce is also reached for real in api.test.ts and
 * edge-rules.test.ts.
 */

const grpcError = (code: status, details = 'details from the service') =>
  Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata: new Metadata() });

describe('gRPC status → problem', () => {
  it.each([
    [status.INVALID_ARGUMENT, 400, 'validation'],
    [status.OUT_OF_RANGE, 400, 'validation'],
    [status.UNAUTHENTICATED, 401, 'unauthenticated'],
    [status.PERMISSION_DENIED, 403, 'forbidden'],
    [status.NOT_FOUND, 404, 'notFound'],
    [status.ALREADY_EXISTS, 409, 'conflict'],
    [status.ABORTED, 409, 'conflict'],
    [status.FAILED_PRECONDITION, 409, 'conflict'],
    [status.RESOURCE_EXHAUSTED, 503, 'unavailable'],
    [status.UNAVAILABLE, 503, 'unavailable'],
    [status.DEADLINE_EXCEEDED, 504, 'timeout'],
    [status.INTERNAL, 500, 'internal'],
    [status.UNKNOWN, 500, 'internal'],
    [status.DATA_LOSS, 500, 'internal'],
    [status.UNIMPLEMENTED, 500, 'internal'],
  ])('%s → %s', (code, httpStatus, kind) => {
    const problem = toProblem(grpcError(code));
    expect(problem.status).toBe(httpStatus);
    expect(problem.kind).toBe(kind);
    // Caller-facing details pass through for 4xx; a 5xx never shows what went wrong inside.
    expect(problem.options.detail).toBe(httpStatus < 500 ? 'details from the service' : undefined);
  });

  it("takes Retry-After from an open breaker's retryAfterMs, else a small default", async () => {
    expect(toProblem(grpcError(status.UNAVAILABLE)).options.headers).toEqual({ 'Retry-After': '1' });
    const breaker = createBreaker({ target: 'inventory', registry: new Registry(), resetTimeoutMs: 30_000, volumeThreshold: 1, isFailure: isTargetFailure });
    try {
      await breaker.fire(() => Promise.reject(grpcError(status.UNAVAILABLE))).catch(() => undefined);
      const open = await breaker.fire(async () => 'never').catch((error: unknown) => error);
      expect(toProblem(open).options.headers).toEqual({ 'Retry-After': '30' });
    } finally {
      breaker.shutdown();
    }
  });

  it("answers a limit's refusal (RESOURCE_EXHAUSTED with a QuotaFailure) 429 with its Retry-After, and overload 503", () => {
    const { metadata } = toStatus(new QuotaExceededError('too many failed login attempts', 'login:account', 61_200));
    const refused = toProblem(Object.assign(grpcError(status.RESOURCE_EXHAUSTED, 'too many failed login attempts'), { metadata }));
    expect(refused.status).toBe(429);
    expect(refused.options).toEqual({ detail: 'too many failed login attempts', headers: { 'Retry-After': '62' } });
    expect(toProblem(grpcError(status.RESOURCE_EXHAUSTED)).options.headers).toEqual({ 'Retry-After': '1' });
  });

  it('treats anything else as a 500 without details', () => {
    expect(toProblem(new Error('secret internals')).options).toEqual({});
    expect(toProblem(new Error('secret internals')).status).toBe(500);
  });
});
