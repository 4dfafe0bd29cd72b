import { InvalidArgumentError } from '@shop/rpc';
import { z } from '@shop/config';

/*
 * Page tokens of ListProducts and SearchProducts: the keyset cursor of the previous page's last row
 * and the filter it was issued for, as base64url JSON. Opaque to clients by contract, not by secrecy:
 * a forged token can only start a listing somewhere, which any client may do anyway.
 */

const listToken = z.object({ after: z.string().min(1), tag: z.string() }).strict();
const searchToken = z.object({ after: z.string().min(1), rank: z.number(), query: z.string(), tag: z.string() }).strict();

export function encodePageToken(after: string, tag: string): string {
  return encode({ after, tag });
}

/** The sku to continue after, or an INVALID_ARGUMENT for a token not issued for this filter. */
export function decodePageToken(token: string, tag: string): string {
  const parsed = listToken.safeParse(decode(token, 'ListProducts'));
  if (!parsed.success || parsed.data.tag !== tag) throw invalid('ListProducts');
  return parsed.data.after;
}

export function encodeSearchPageToken(after: { rank: number; sku: string }, query: string, tag: string): string {
  return encode({ after: after.sku, rank: after.rank, query, tag });
}

/** The (rank, sku) to continue after, or an INVALID_ARGUMENT for a token not issued for this search. */
export function decodeSearchPageToken(token: string, query: string, tag: string): { rank: number; sku: string } {
  const parsed = searchToken.safeParse(decode(token, 'SearchProducts'));
  if (!parsed.success || parsed.data.query !== query || parsed.data.tag !== tag) throw invalid('SearchProducts');
  return { rank: parsed.data.rank, sku: parsed.data.after };
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decode(token: string, rpc: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw invalid(rpc);
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid(rpc);
  }
}

function invalid(rpc: string): InvalidArgumentError {
  return new InvalidArgumentError('invalid page_token', [
    { field: 'page_token', description: `must be a next_page_token returned by ${rpc} for the same filter` },
  ]);
}
