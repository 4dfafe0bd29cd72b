import type { z } from 'zod';
import { InvalidArgumentError } from './errors';

/*
 * Page tokens: the keyset cursor of the previous page's last row and what the page was issued for
 * (a filter, a user), as base64url JSON. Opaque to clients by contract, not by secrecy: a forged
 * token can only start a listing somewhere the caller may list anyway, because decoding checks that
 * it was issued for the same request.
 */

export function encodePageToken(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/**
 * The token's content, when it has `schema`'s shape and its `boundTo` fields equal the current
 * request's; otherwise INVALID_ARGUMENT on page_token, naming `rpc`.
 */
export function decodePageToken<S extends z.ZodType<object>>(
  token: string,
  schema: S,
  rpc: string,
  boundTo: Partial<z.output<S>>,
): z.output<S> {
  const invalid = () =>
    new InvalidArgumentError('invalid page_token', [
      { field: 'page_token', description: `must be a next_page_token returned by ${rpc} for the same request` },
    ]);
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const parsed = schema.safeParse(decoded);
  if (!parsed.success) throw invalid();
  const value = parsed.data as Record<string, unknown>;
  for (const [key, expected] of Object.entries(boundTo)) if (value[key] !== expected) throw invalid();
  return parsed.data;
}
