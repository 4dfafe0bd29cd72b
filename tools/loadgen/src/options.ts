import { parseArgs } from 'node:util';
import type { LoadOptions } from './runner';

export const USAGE = `Usage: loadgen --target <gateway URL> [options]

Drives shopping journeys through the gateway (each virtual user registers and logs in once, then
browses, opens a product, adds it to the cart, checks out and lists its orders) and reports
throughput, latency percentiles and errors by kind. Every option can also come from the
environment as LOADGEN_<OPTION> (e.g. LOADGEN_TARGET, LOADGEN_RATE), as a Kubernetes Job sets it.

Options:
  --target <url>              the gateway, e.g. http://127.0.0.1:8080 (the API is under /api/v1)
  --rate <n>                  journeys started per second (open model); without it, closed model
  --concurrency <n>           virtual users: in flight at once (default 10)
  --duration <time>           measured time, e.g. 60s, 5m (default 30s)
  --warmup <time>             run first, not measured (default 5s)
  --journey <full|checkout>   full: browse → product → cart → checkout → orders (default);
                              checkout: a cart of one line, then checkout (what checkout costs)
  --decline-ratio <0..1>      checkouts with a card that is declined by design (default 0.1)
  --page-size <n>             products per catalog page browsed (default 20)
  --request-timeout <time>    per request (default 15s)
  --setup-timeout <time>      for signing up every virtual user (default 120s)
  --max-error-ratio <0..1>    exit 1 when more requests than this fail (default 1: never)
  --json                      print the report as JSON
  -h, --help                  show this

SIGTERM ends the run early: journeys in flight finish, and the report covers the time until then.
Exit codes: 0 done, 1 no journey succeeded or --max-error-ratio exceeded, 2 bad options or setup failed.
`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface CliOptions extends LoadOptions {
  json: boolean;
  maxErrorRatio: number;
}

/** Seconds from `30s`, `5m`, `1h`, `250ms` or a bare number of seconds. */
export function seconds(name: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!match) throw new UsageError(`--${name}: expected a duration such as 30s, 5m or 90, got '${value}'`);
  const factor = { ms: 0.001, s: 1, m: 60, h: 3600 }[match[2] ?? 's'] ?? 1;
  return Number(match[1]) * factor;
}

function number(name: string, value: string, min: number, max = Number.POSITIVE_INFINITY, integer = false): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < min || parsed > max || (integer && !Number.isInteger(parsed))) {
    const range = max === Number.POSITIVE_INFINITY ? `at least ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`--${name}: expected ${integer ? 'a whole number' : 'a number'} ${range}, got '${value}'`);
  }
  return parsed;
}

const OPTIONS = {
  target: { type: 'string' },
  rate: { type: 'string' },
  concurrency: { type: 'string' },
  duration: { type: 'string' },
  warmup: { type: 'string' },
  journey: { type: 'string' },
  'decline-ratio': { type: 'string' },
  'page-size': { type: 'string' },
  'request-timeout': { type: 'string' },
  'setup-timeout': { type: 'string' },
  'max-error-ratio': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Options from the command line, then LOADGEN_* variables, then defaults; 'help' when asked for it. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): CliOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values['help']) return 'help';
  const optional = (name: keyof typeof OPTIONS): string | undefined => {
    const value = values[name] ?? env[`LOADGEN_${name.toUpperCase().replaceAll('-', '_')}`];
    return typeof value === 'boolean' ? String(value) : value;
  };
  const get = (name: keyof typeof OPTIONS, fallback: string): string => optional(name) ?? fallback;
  const target = optional('target');
  if (!target) throw new UsageError('--target <gateway URL> (or LOADGEN_TARGET) is required');
  if (!URL.canParse(target) || !/^https?:$/.test(new URL(target).protocol)) throw new UsageError(`--target: expected an http(s) URL, got '${target}'`);
  const rate = optional('rate');
  const journey = get('journey', 'full');
  if (journey !== 'full' && journey !== 'checkout') throw new UsageError(`--journey: expected full or checkout, got '${journey}'`);
  return {
    target,
    rate: rate === undefined ? undefined : number('rate', rate, 0.01),
    concurrency: number('concurrency', get('concurrency', '10'), 1, 10_000, true),
    durationSeconds: seconds('duration', get('duration', '30s')),
    warmupSeconds: seconds('warmup', get('warmup', '5s')),
    journey,
    declineRatio: number('decline-ratio', get('decline-ratio', '0.1'), 0, 1),
    pageSize: number('page-size', get('page-size', '20'), 1, 100, true),
    requestTimeoutMs: seconds('request-timeout', get('request-timeout', '15s')) * 1000,
    setupTimeoutSeconds: seconds('setup-timeout', get('setup-timeout', '120s')),
    maxErrorRatio: number('max-error-ratio', get('max-error-ratio', '1'), 0, 1),
    json: get('json', 'false') === 'true',
  };
}
