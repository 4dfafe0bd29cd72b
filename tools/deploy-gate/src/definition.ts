import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { z } from 'zod';

/** A definition that cannot be used; `message` lists every problem, one per line. */
export class GateDefinitionError extends Error {
  override readonly name = 'GateDefinitionError';
}

const duration = z.string().regex(/^[1-9]\d*(s|m|h)$/, 'expected a Prometheus duration such as 30s, 5m or 1h');
const fraction = z.number().min(0, 'expected a number from 0 to 1').max(1, 'expected a number from 0 to 1');
const positive = z.number().positive('expected a number above 0');

/**
 * Exact label matchers, e.g. `{ service: payment, version: abc123 }`, or exact exclusions
 * (`{ version: { not: abc123 } }`: the stable version is every version but the canary's). Never
 * regexes: a gate that compared versions by regex could silently match both of them.
 */
const matchers = z
  .record(
    z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'expected a Prometheus label name'),
    z.union([z.string().min(1), z.strictObject({ not: z.string().min(1) })]),
  )
  .refine((value) => Object.values(value).some((matcher) => typeof matcher === 'string'), 'expected at least one exact label matcher');

/** Limits on an error ratio (0 to 1): absolute, and relative to the stable version. */
const errorLimits = {
  /** SLO: the canary's ratio may not exceed this. */
  max: fraction.optional(),
  /** The canary's ratio may exceed the stable's by at most this (0.005 = 0.5 percentage points). */
  maxIncreaseOverStable: fraction.optional(),
};

/** Limits on a latency quantile from a histogram. */
const latencyLimits = {
  quantile: z.number().gt(0).lt(1).default(0.99),
  /** SLO, in seconds. */
  maxSeconds: positive.optional(),
  /** The canary may be at most this many times the stable's value ... */
  maxRatioToStable: z.number().min(1, 'expected a ratio of at least 1').optional(),
  /**
   * ... unless it is within this many seconds of it: interpolation inside one histogram bucket
   * makes 3 ms vs 2 ms a "1.5×" that means nothing.
   */
  toleranceSeconds: z.number().min(0).default(0.025),
};

const hasErrorLimit = (check: { max?: number | undefined; maxIncreaseOverStable?: number | undefined }) =>
  check.max !== undefined || check.maxIncreaseOverStable !== undefined;
const hasLatencyLimit = (check: { maxSeconds?: number | undefined; maxRatioToStable?: number | undefined }) =>
  check.maxSeconds !== undefined || check.maxRatioToStable !== undefined;
const NEEDS_ERROR_LIMIT = 'set max and/or maxIncreaseOverStable: a check without a limit cannot fail';
const NEEDS_LATENCY_LIMIT = 'set maxSeconds and/or maxRatioToStable: a check without a limit cannot fail';

/** Go-style gRPC code names, as grpc_server_handled_total{grpc_code} carries them. */
export const DEFAULT_GRPC_ERROR_CODES = ['Unavailable', 'Internal', 'DeadlineExceeded', 'Unknown'];

const grpcErrors = z
  .strictObject({
    type: z.literal('grpc-errors'),
    name: z.string().min(1).default('gRPC server errors'),
    /** Codes that mean the server failed. InvalidArgument, NotFound, ... are the caller's problem. */
    errorCodes: z.array(z.string().regex(/^[A-Z][A-Za-z]+$/, 'expected a code name such as Unavailable')).min(1).default(DEFAULT_GRPC_ERROR_CODES),
    ...errorLimits,
  })
  .refine(hasErrorLimit, NEEDS_ERROR_LIMIT);

const httpErrors = z
  .strictObject({ type: z.literal('http-errors'), name: z.string().min(1).default('HTTP 5xx at the edge'), ...errorLimits })
  .refine(hasErrorLimit, NEEDS_ERROR_LIMIT);

const grpcLatency = z
  .strictObject({ type: z.literal('grpc-latency'), name: z.string().min(1).default('gRPC server latency'), ...latencyLimits })
  .refine(hasLatencyLimit, NEEDS_LATENCY_LIMIT);

const httpLatency = z
  .strictObject({ type: z.literal('http-latency'), name: z.string().min(1).default('HTTP latency at the edge'), ...latencyLimits })
  .refine(hasLatencyLimit, NEEDS_LATENCY_LIMIT);

/**
 * Any PromQL that answers one number per version. `{{selector}}` becomes the version's matchers
 * (without braces, so it can be combined: `{ {{selector}}, le="0.1" }`), `{{window}}` the window.
 */
const promql = z
  .strictObject({
    type: z.literal('promql'),
    name: z.string().min(1),
    query: z
      .string()
      .min(1)
      .refine((query) => query.includes('{{selector}}'), 'the query must use {{selector}}, or it measures both versions alike'),
    max: z.number().optional(),
    min: z.number().optional(),
    maxIncreaseOverStable: z.number().min(0).optional(),
    maxRatioToStable: z.number().min(1).optional(),
    /** How to print the values. */
    unit: z.enum(['ratio', 'seconds', 'number']).default('number'),
  })
  .refine(
    (check) => [check.max, check.min, check.maxIncreaseOverStable, check.maxRatioToStable].some((limit) => limit !== undefined),
    'set max, min, maxIncreaseOverStable and/or maxRatioToStable: a check without a limit cannot fail',
  );

const check = z.discriminatedUnion('type', [grpcErrors, httpErrors, grpcLatency, httpLatency, promql], {
  error: 'expected type grpc-errors, http-errors, grpc-latency, http-latency or promql',
});

export const gateDefinitionSchema = z.strictObject({
  prometheus: z.strictObject({
    url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL of Prometheus' }),
    /** Per HTTP request. */
    timeoutSeconds: positive.default(10),
    /** Attempts per query (1 = no retry); retried on network errors, timeouts, 429 and 5xx. */
    attempts: z.number().int().min(1).max(10).default(3),
    /** First delay between attempts; doubled each time. */
    backoffSeconds: z.number().min(0).default(1),
  }),
  /** Both versions are measured over this window, ending at the same instant. */
  window: duration,
  /** Fewer requests than this for a version in the window: INCONCLUSIVE, never PASS. */
  minRequests: z.number({ error: 'expected a whole number of requests' }).int().min(1, 'expected at least 1 request'),
  selectors: z.strictObject({ canary: matchers, stable: matchers }),
  checks: z.array(check).min(1, 'expected at least one check'),
});

export type GateDefinition = z.output<typeof gateDefinitionSchema>;
export type Check = GateDefinition['checks'][number];
export type Matcher = string | { not: string };
export type Matchers = Record<string, Matcher>;

/** Validates an already parsed value; throws GateDefinitionError listing every problem. */
export function parseGateDefinition(value: unknown, source = 'gate definition'): GateDefinition {
  const result = gateDefinitionSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    // A bad record key carries the key's own issues: say what is wrong with it, not just "invalid key".
    const inner = issue.code === 'invalid_key' ? issue.issues.map((nested) => nested.message).join('; ') : '';
    return `  ${issue.path.join('.') || '(top level)'}: ${inner || issue.message}`;
  });
  throw new GateDefinitionError(`${source} is invalid:\n${problems.join('\n')}`);
}

/** Reads and validates a YAML gate definition. */
export async function loadGateDefinition(path: string): Promise<GateDefinition> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new GateDefinitionError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new GateDefinitionError(`${path} is not valid YAML:\n${document.errors.map((e) => `  ${e.message}`).join('\n')}`);
  }
  return parseGateDefinition(document.toJS(), path);
}
