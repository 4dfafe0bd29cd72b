import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type LevelWithSilentOrString, type Logger } from 'pino';
import { redactor } from './redact';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** Becomes the `service` field of every line. */
  service: string;
  /** fatal, error, warn, info, debug, trace or silent (pino throws on anything else). */
  level: LevelWithSilentOrString;
  /**
   * Where JSON lines go; when omitted, stdout written asynchronously (a slow log reader never blocks
   * the event loop), so exit through exitAfterFlush. Tests pass a buffer.
   */
  destination?: DestinationStream;
}

const CENSOR = '[REDACTED]';

// Secrets by field name, wherever they sit in the first three levels of a log object.
const SECRET_KEYS = [
  'authorization',
  'cookie',
  '["set-cookie"]',
  'password',
  'passwordHash',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'cardNumber',
  'cvc',
];
// Fields that are only secret under a particular parent.
const SECRET_NESTED = ['card.number', 'card.cvc'];

function atDepths(path: string): string[] {
  const sep = path.startsWith('[') ? '' : '.';
  return [path, `*${sep}${path}`, `*.*${sep}${path}`];
}

/**
 * The pino redact paths: each secret at the top level and one or two levels deep, e.g. `password`,
 * `*.password` (user.password), `*.*.authorization` (req.headers.authorization).
 */
export const REDACT_PATHS: readonly string[] = [...SECRET_KEYS, ...SECRET_NESTED].flatMap(atDepths);

/**
 * REDACT_PATHS applied to `value`: the object itself when it holds no secret, else a copy with
 * each secret censored. The logger applies it to every line and every child's bindings; a
 * serializer of a class instance (which the logger does not walk) applies it to what it returns.
 */
export const redactSecrets: <T>(value: T) => T = redactor(REDACT_PATHS, CENSOR);

/**
 * pino's isoTime, formatted once per millisecond: building the ISO string (about 0.8 µs here) was a
 * large share of a line's cost once redaction became cheap, and a busy service writes several lines
 * in the same millisecond.
 */
function isoTimeOncePerMs(): () => string {
  let formattedAt = Number.NaN;
  let formatted = '';
  return () => {
    const now = Date.now();
    if (now !== formattedAt) {
      formattedAt = now;
      formatted = `,"time":"${new Date(now).toISOString()}"`;
    }
    return formatted;
  };
}

/**
 * stdout, written asynchronously (a slow log reader never blocks the event loop) and in batches:
 * lines wait until 4 KiB have gathered or 100 ms have passed, so a busy service makes one write for
 * many lines instead of one per line (each write a trip through libuv's thread pool). pino writes
 * what is buffered synchronously when the process exits; exitAfterFlush flushes it before.
 */
function stdout(): DestinationStream {
  return pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 100 });
}

/** pino merges the mixin result with Object.assign(mixinResult, fields): it must be a fresh object. */
function traceFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (span === undefined) return {};
  const ctx = span.spanContext();
  return isSpanContextValid(ctx) ? { trace_id: ctx.traceId, span_id: ctx.spanId } : {};
}

/**
 * One JSON line per event on stdout; a collector (not the app) ships it. Lines written inside an
 * active span carry its trace_id and span_id so logs and traces join up.
 */
export function createLogger({ service, level, destination }: LoggerOptions): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    timestamp: isoTimeOncePerMs(),
    // Every line's fields pass the redaction of REDACT_PATHS (./redact); children's bindings below.
    formatters: { level: (label) => ({ level: label }), log: redactSecrets },
    mixin: traceFields,
  };
  const logger = pino(options, destination ?? stdout());
  // pino formats a child's bindings once, when the child is made, and applies no formatter to
  // them: they are redacted here, for every child and grandchild (each inherits this method).
  const child = logger.child;
  logger.child = function (this: Logger, bindings, childOptions) {
    return child.call(this, redactSecrets(bindings), childOptions);
  } as Logger['child'];
  return logger;
}

/**
 * Ends the process with `code` once every line the logger has buffered is written: a
 * `process.exit` straight after a log call can lose that line when stdout is asynchronous.
 */
export async function exitAfterFlush(logger: Logger, code: number): Promise<never> {
  await new Promise<void>((resolve) => logger.flush(() => resolve()));
  process.exit(code);
}
