import type { z } from 'zod';
import { InvalidArgumentError, type FieldViolation } from './errors';

/**
 * Validates a request against its zod schema; on failure throws INVALID_ARGUMENT naming every bad
 * field, before any work or write happens. Handlers call this first.
 */
export function parseRequest<S extends z.ZodType>(schema: S, request: unknown, messageName: string): z.output<S> {
  const result = schema.safeParse(request);
  if (result.success) return result.data;
  throw new InvalidArgumentError(`invalid ${messageName}`, result.error.issues.map(toViolation));
}

/** `['card', 'expMonth']` → `card.exp_month`: the field as the proto (and grpcurl users) name it. */
function toViolation(issue: z.core.$ZodIssue): FieldViolation {
  const field = issue.path.map((part) => String(part).replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)).join('.');
  return { field: field || '(request)', description: issue.message };
}
