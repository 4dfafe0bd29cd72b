import { trace } from '@opentelemetry/api';
import type { Response } from 'express';

/*
 * RFC 9457 problem details. Every error the API returns has one of these `type`s, which clients
 * may switch on: the URIs are stable and never reused for another kind of error.
 */

const BASE = 'https://shop.example/problems/';

export const PROBLEMS = {
  validation: { status: 400, title: 'Invalid Request' },
  malformedJson: { status: 400, title: 'Malformed JSON' },
  unauthenticated: { status: 401, title: 'Unauthenticated' },
  forbidden: { status: 403, title: 'Forbidden' },
  notFound: { status: 404, title: 'Not Found' },
  conflict: { status: 409, title: 'Conflict' },
  payloadTooLarge: { status: 413, title: 'Payload Too Large' },
  unsupportedMediaType: { status: 415, title: 'Unsupported Media Type' },
  idempotencyKeyReused: { status: 422, title: 'Idempotency Key Reused' },
  rateLimited: { status: 429, title: 'Too Many Requests' },
  clientClosedRequest: { status: 499, title: 'Client Closed Request' },
  internal: { status: 500, title: 'Internal Server Error' },
  unavailable: { status: 503, title: 'Service Unavailable' },
  timeout: { status: 504, title: 'Gateway Timeout' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemKind = keyof typeof PROBLEMS;

/** kebab-case of the kind: `malformedJson` → https://shop.example/problems/malformed-json. */
export function problemType(kind: ProblemKind): string {
  return BASE + kind.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** One invalid input: where it was (body, query, path, header) and what is wrong with it. */
export interface InvalidParam {
  in: 'body' | 'query' | 'path' | 'header';
  /** JSON Pointer (RFC 6901) into that input, e.g. /card/number; the header's name for headers. */
  pointer: string;
  detail: string;
}

export interface ProblemOptions {
  detail?: string;
  errors?: InvalidParam[];
  /** Response headers that belong to the problem: Retry-After, WWW-Authenticate. */
  headers?: Record<string, string>;
}

/** Thrown by handlers and middleware; the error handler renders it. */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly kind: ProblemKind,
    readonly options: ProblemOptions = {},
  ) {
    super(options.detail ?? PROBLEMS[kind].title);
  }

  get status(): number {
    return PROBLEMS[this.kind].status;
  }
}

/** Writes a problem+json response. The trace id lets support find the request's logs and spans. */
export function sendProblem(res: Response, problem: HttpProblem): void {
  const { status, title } = PROBLEMS[problem.kind];
  const { detail, errors, headers } = problem.options;
  const traceId = trace.getActiveSpan()?.spanContext().traceId;
  for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
  res
    .status(status)
    .type('application/problem+json')
    .json({
      type: problemType(problem.kind),
      title,
      status,
      ...(detail !== undefined ? { detail } : {}),
      ...(errors !== undefined ? { errors } : {}),
      ...(traceId && traceId !== '00000000000000000000000000000000' ? { traceId } : {}),
    });
}
