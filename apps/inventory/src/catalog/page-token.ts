import { InvalidArgumentError } from '@shop/rpc';
import { z } from '@shop/config';

/**
 * ListProducts' page token: the last sku of the previous page (a keyset cursor) and the filter it was
 * issued for, as base64url JSON. Opaque to clients by contract, not by secrecy: a forged token can
 * only start a listing at some sku, which any client may do anyway.
 */
const tokenSchema = z.object({ after: z.string().min(1), tag: z.string() }).strict();

export function encodePageToken(after: string, tag: string): string {
  return Buffer.from(JSON.stringify({ after, tag })).toString('base64url');
}

/** The sku to continue after, or an INVALID_ARGUMENT for a token not issued for this filter. */
export function decodePageToken(token: string, tag: string): string {
  const invalid = () =>
    new InvalidArgumentError('invalid page_token', [
      { field: 'page_token', description: 'must be a next_page_token returned by ListProducts for the same tag' },
    ]);
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const parsed = tokenSchema.safeParse(decoded);
  if (!parsed.success || parsed.data.tag !== tag) throw invalid();
  return parsed.data.after;
}
