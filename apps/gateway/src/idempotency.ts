import type { Logger } from '@shop/logging';
import { withRedisBudget } from '@shop/redis';
import type Redis from 'ioredis';
import { cardBrand } from '@shop/cards';
import { createHmac } from 'node:crypto';
import { HttpProblem } from './http/problems';
import type { PlaceOrderBody } from './schemas/orders';
import type { z } from 'zod';

/*
 * Idempotency-Key for POST /orders (draft-ietf-httpapi-idempotency-key-header). Per (user, key),
 * Redis holds a fingerprint of the first request's body and, once the order is final, the response
 * that was sent, for a TTL. A repeat with the same body gets that response again; a repeat with
 * another body is a 422. The order service is the guarantee behind it (one order per user and key
 * however the requests race); this record adds exact replays and the body check.
 *
 * The fingerprint never sees the card number or the CVC (PCI DSS forbids keeping anything derived
 * from a CVC after authorisation): brand, last four digits, expiry and holder tell two checkouts
 * apart. A claim whose checkout has not completed lives claimTtlSeconds only; the full TTL is for
 * final responses.
 */

export interface StoredResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface IdempotencyRecord {
  fingerprint: string;
  response?: StoredResponse;
}

export interface Attempt {
  readonly redisKey: string;
  readonly fingerprint: string;
  /** The response to send again, when an earlier request with this key completed. */
  readonly replay?: StoredResponse;
}

export interface IdempotencyOptions {
  /** Life of a completed checkout's record (its response is replayed meanwhile). */
  ttlSeconds: number;
  /** Life of a claim whose checkout failed or is still PENDING: the body check only, briefly. */
  claimTtlSeconds: number;
  fingerprintKey: string;
}

export class IdempotencyStore {
  constructor(
    private readonly redis: Redis,
    private readonly options: IdempotencyOptions,
    private readonly logger: Logger,
  ) {}

  /**
   * Claims the key for this body, or finds the earlier request's record. Throws 422 when the key
   * was used with a different body. Without Redis it lets the request through: the order service
   * still makes the key create one order, only the body check and exact replay are lost meanwhile.
   */
  async begin(userId: string, key: string, body: PlaceOrder): Promise<Attempt> {
    const redisKey = `idem:${userId}:${key}`;
    const fingerprint = this.fingerprint(body);
    let existing: IdempotencyRecord | undefined;
    try {
      const claimed = await withRedisBudget(() =>
        this.redis.set(redisKey, JSON.stringify({ fingerprint } satisfies IdempotencyRecord), 'EX', this.options.claimTtlSeconds, 'NX'),
      );
      if (claimed !== 'OK') {
        const raw = await withRedisBudget(() => this.redis.get(redisKey));
        existing = raw === null ? undefined : (JSON.parse(raw) as IdempotencyRecord);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'idempotency record unavailable; relying on the order service alone');
      return { redisKey, fingerprint };
    }
    if (existing && existing.fingerprint !== fingerprint) {
      throw new HttpProblem('idempotencyKeyReused', {
        detail: 'this Idempotency-Key was already used with a different request body; use a new key for a new order',
      });
    }
    return { redisKey, fingerprint, ...(existing?.response ? { replay: existing.response } : {}) };
  }

  /** Stores the final response for replays. Best effort: a repeat without it asks the order service. */
  async complete(attempt: Attempt, response: StoredResponse): Promise<void> {
    const record: IdempotencyRecord = { fingerprint: attempt.fingerprint, response };
    try {
      await withRedisBudget(() => this.redis.set(attempt.redisKey, JSON.stringify(record), 'EX', this.options.ttlSeconds));
    } catch (error) {
      this.logger.warn({ err: error }, 'could not store the idempotent response');
    }
  }

  /** Keyed hash of what identifies the request without the card number or the CVC (see fingerprintFields). */
  private fingerprint(body: PlaceOrder): string {
    return createHmac('sha256', this.options.fingerprintKey).update(canonicalJson(fingerprintFields(body))).digest('base64url');
  }
}

type PlaceOrder = z.output<typeof PlaceOrderBody>;

/** The body as the fingerprint sees it: the card reduced to what may be kept after authorisation. */
export function fingerprintFields(body: PlaceOrder): unknown {
  const { number, expMonth, expYear, holderName } = body.card;
  return { card: { brand: cardBrand(number), last4: number.slice(-4), expMonth, expYear, holderName } };
}

/** JSON with object keys sorted, so that the same body always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
