import { z } from 'zod';

/** sysexits.h EX_CONFIG: orchestrators and humans can tell "bad configuration" from a crash. */
export const EX_CONFIG = 78;

export type Env = Record<string, string | undefined>;

export type ParseResult<T> = { ok: true; config: T } | { ok: false; errors: string[] };

// Names whose values must never reach a log or a terminal.
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|KEY|TOKEN|CREDENTIAL/i;
const MAX_SHOWN = 120;

/**
 * Validates `env` against `schema` and reports every bad variable, not just the first.
 * Empty strings count as unset: deploy tooling often renders `FOO=` for "no value", and the
 * default (or "is required") is then the useful answer rather than "invalid number".
 */
export function parseConfig<S extends z.ZodType>(schema: S, env: Env = process.env): ParseResult<z.output<S>> {
  const input: Env = {};
  for (const name in env) {
    const value = env[name];
    if (value !== undefined && value !== '') input[name] = value;
  }
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, config: result.data };

  const errors: string[] = [];
  const seen = new Set<string>();
  for (const issue of result.error.issues) {
    const name = issue.path.length > 0 ? issue.path.map(String).join('.') : '(config)';
    // One line per variable: the first problem is enough to fix it.
    if (seen.has(name)) continue;
    seen.add(name);
    const value = input[name];
    const problem = value === undefined && issue.code === 'invalid_type' ? 'is required' : issue.message;
    errors.push(value === undefined ? `${name}: ${problem}` : `${name}: ${problem} (received ${show(name, value)})`);
  }
  return { ok: false, errors };
}

/**
 * Parses the environment or stops the process: writes one message listing every bad variable
 * to stderr and exits with EX_CONFIG (78). Call it first thing in main(), before opening anything.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Env = process.env): z.output<S> {
  const result = parseConfig(schema, env);
  if (result.ok) return result.config;
  exitWithConfigErrors(result.errors);
}

/**
 * Stops the process for a configuration that parsed but is refused as a whole (a setting that is
 * wrong for the SHOP_PROFILE): the same message and exit code (78) as a bad variable.
 */
export function exitWithConfigErrors(errors: readonly string[]): never {
  process.stderr.write(formatConfigErrors(errors));
  // stderr is synchronous for files, pipes and TTYs on Linux, so the message is out before exit.
  process.exit(EX_CONFIG);
}

export function formatConfigErrors(errors: readonly string[]): string {
  const noun = errors.length === 1 ? 'variable' : 'variables';
  return `Invalid configuration: ${errors.length} bad environment ${noun}:\n${errors.map((e) => `  - ${e}\n`).join('')}`;
}

/** The received value as it may be shown: secrets hidden, URL passwords masked, long values cut. */
export function show(name: string, value: string): string {
  if (SECRET_NAME.test(name)) return '<hidden>';
  if (name.endsWith('_URL')) {
    // Connection URLs carry credentials; show the shape, never the password.
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return '<hidden: not a URL>';
    }
    if (url.password !== '') url.password = '***';
    // libpq also accepts ?password=...
    for (const key of [...url.searchParams.keys()]) {
      if (SECRET_NAME.test(key)) url.searchParams.set(key, '***');
    }
    return JSON.stringify(url.href);
  }
  return JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value);
}
