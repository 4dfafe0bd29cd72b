import { query, type TransactionClient } from '@shop/db';
import type { Pool } from 'pg';

/** Statements outside a transaction, still bounded by the request deadline (see `query`). */
export function boundedQueries(pool: Pool): TransactionClient {
  return { query: (text, params) => query(pool, text, params) };
}
