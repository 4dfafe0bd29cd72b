import { fromTimestamp } from '@shop/rpc';
import { z } from 'zod';

/*
 * Shapes shared by several resources. Request schemas are strict (unknown fields are a 400, not
 * silently dropped); the `.meta({ id })` ones become named components of the OpenAPI document.
 */

export const Money = z
  .object({
    amountMinor: z.number().int().meta({ description: 'Amount in minor units of the currency (cents for EUR), never a float.', example: 1450 }),
    currencyCode: z.string().meta({ description: 'ISO 4217 code, upper case.', example: 'EUR' }),
  })
  .meta({ id: 'Money', description: 'An amount of one currency, exact.' });

export type MoneyJson = z.infer<typeof Money>;

/** proto Money → API Money (an unset message stays null). */
export function moneyJson(money: { amountMinor: number; currencyCode: string } | null | undefined): MoneyJson | null {
  return money ? { amountMinor: Number(money.amountMinor), currencyCode: money.currencyCode } : null;
}

export const Sku = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only')
  .meta({ description: 'Stock keeping unit.', example: 'COF-001' });

export const PageSize = z.coerce
  .number()
  .int()
  .min(1)
  .max(100)
  .optional()
  .meta({ description: 'Items per page (default 20, at most 100).', example: 20 });

export const PageToken = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[A-Za-z0-9_-]+$/, 'is not a page token')
  .optional()
  .meta({
    description:
      'nextPageToken of the previous page; omit for the first page. Opaque (base64url): only a token this API answered for the same listing is accepted, any other is a 400.',
  });

const InvalidParam = z.object({
  in: z.enum(['body', 'query', 'path', 'header']),
  pointer: z.string().meta({ description: 'JSON Pointer into the input, or the header name.', example: '/card/number' }),
  detail: z.string(),
});

export const Problem = z
  .object({
    type: z.url().meta({ description: 'Stable identifier of the kind of error.', example: 'https://shop.example/problems/validation' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(InvalidParam).optional().meta({ description: 'Each invalid input, for validation errors.' }),
    traceId: z.string().optional().meta({ description: 'W3C trace id of the request, for support.' }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details.' });

export const Timestamp = z.iso.datetime().meta({ description: 'RFC 3339 UTC timestamp.', example: '2030-01-01T12:00:00.000Z' });

/** google.protobuf.Timestamp → RFC 3339, or null when unset. */
export function timestampJson(value: Parameters<typeof fromTimestamp>[0]): string | null {
  return fromTimestamp(value)?.toISOString() ?? null;
}
