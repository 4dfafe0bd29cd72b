import { Metadata, status, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import { DeadlineExceededError } from '@shop/context';
import { errorDetailsOf, quotaFailureMetadata } from './error-details';
import { isDependencyOutage } from './outages';

/**
 * Domain errors: what handlers throw. Each says what went wrong in the caller's terms and maps to
 * exactly one gRPC status in `toStatus`, the one place where that mapping lives.
 */
export abstract class DomainError extends Error {
  abstract readonly code: status;
}

export interface FieldViolation {
  field: string;
  description: string;
}

export class InvalidArgumentError extends DomainError {
  override readonly name = 'InvalidArgumentError';
  readonly code = status.INVALID_ARGUMENT;
  constructor(
    message: string,
    readonly violations: FieldViolation[] = [],
  ) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
  readonly code = status.NOT_FOUND;
}

export class AlreadyExistsError extends DomainError {
  override readonly name = 'AlreadyExistsError';
  readonly code = status.ALREADY_EXISTS;
}

export class FailedPreconditionError extends DomainError {
  override readonly name = 'FailedPreconditionError';
  readonly code = status.FAILED_PRECONDITION;
}

export class AbortedError extends DomainError {
  override readonly name = 'AbortedError';
  readonly code = status.ABORTED;
}

export class UnauthenticatedError extends DomainError {
  override readonly name = 'UnauthenticatedError';
  readonly code = status.UNAUTHENTICATED;
}

export class PermissionDeniedError extends DomainError {
  override readonly name = 'PermissionDeniedError';
  readonly code = status.PERMISSION_DENIED;
}

export class ResourceExhaustedError extends DomainError {
  override readonly name: string = 'ResourceExhaustedError';
  readonly code = status.RESOURCE_EXHAUSTED;
}

/**
 * A limit refused this caller (a policy answer, not overload): RESOURCE_EXHAUSTED with a
 * QuotaFailure and RetryInfo, so breakers do not count it and the edge answers 429 with Retry-After.
 */
export class QuotaExceededError extends ResourceExhaustedError {
  override readonly name = 'QuotaExceededError';
  constructor(
    message: string,
    readonly subject: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

export class UnavailableError extends DomainError {
  override readonly name = 'UnavailableError';
  readonly code = status.UNAVAILABLE;
}

/** A grpc-js call error (from a downstream service, or shaped like one by the chassis). */
export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number' && 'metadata' in error;
}

/** Downstream failures that mean the same thing to our caller; anything else is our internal error. */
const PASS_THROUGH_CODES = new Set([
  status.CANCELLED,
  status.DEADLINE_EXCEEDED,
  status.UNAVAILABLE,
  status.RESOURCE_EXHAUSTED,
]);

export interface MappedStatus extends StatusObject {
  /** Whether this is our fault (logged with its stack) rather than the caller's or a dependency's. */
  internal: boolean;
}

/**
 * The single mapping from anything a handler can throw to the status its caller sees. Internal
 * errors become a bare INTERNAL: no message, no stack trace leaves the process.
 */
export function toStatus(error: unknown): MappedStatus {
  const metadata = new Metadata();
  if (error instanceof InvalidArgumentError) {
    const details = error.violations.length
      ? `${error.message}: ${error.violations.map((v) => `${v.field}: ${v.description}`).join('; ')}`
      : error.message;
    return { code: error.code, details, metadata, internal: false };
  }
  if (error instanceof QuotaExceededError) {
    const { message: description, subject, retryAfterMs } = error;
    return { code: error.code, details: description, metadata: quotaFailureMetadata({ subject, description, retryAfterMs }), internal: false };
  }
  if (error instanceof DomainError) return { code: error.code, details: error.message, metadata, internal: false };
  if (error instanceof DeadlineExceededError) {
    return { code: status.DEADLINE_EXCEEDED, details: 'deadline exceeded', metadata, internal: false };
  }
  if (isServiceError(error) && PASS_THROUGH_CODES.has(error.code)) {
    return { code: error.code, details: error.details || status[error.code] || '', metadata: errorDetailsOf(error), internal: false };
  }
  // A database or Redis that is down, restarting or resetting connections: retryable, never a 500.
  if (isDependencyOutage(error)) return { code: status.UNAVAILABLE, details: 'a dependency is unavailable', metadata, internal: false };
  return { code: status.INTERNAL, details: 'internal error', metadata, internal: true };
}

/** Builds a grpc-js style error, e.g. for failing a call before it is sent. */
export function serviceError(code: status, details: string): ServiceError {
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), {
    code,
    details,
    metadata: new Metadata(),
  });
}
