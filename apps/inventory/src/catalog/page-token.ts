import { z } from '@shop/config';
import { decodePageToken as decode, encodePageToken as encode } from '@shop/rpc';

// Page tokens of ListProducts and SearchProducts, bound to the filter (and query) they were issued for.

const listToken = z.object({ after: z.string().min(1), tag: z.string() }).strict();
const searchToken = z.object({ after: z.string().min(1), rank: z.number(), query: z.string(), tag: z.string() }).strict();

export function encodePageToken(after: string, tag: string): string {
  return encode({ after, tag });
}

/** The sku to continue after, or an INVALID_ARGUMENT for a token not issued for this filter. */
export function decodePageToken(token: string, tag: string): string {
  return decode(token, listToken, 'ListProducts', { tag }).after;
}

export function encodeSearchPageToken(after: { rank: number; sku: string }, query: string, tag: string): string {
  return encode({ after: after.sku, rank: after.rank, query, tag });
}

/** The (rank, sku) to continue after, or an INVALID_ARGUMENT for a token not issued for this search. */
export function decodeSearchPageToken(token: string, query: string, tag: string): { rank: number; sku: string } {
  const { rank, after } = decode(token, searchToken, 'SearchProducts', { query, tag });
  return { rank, sku: after };
}
