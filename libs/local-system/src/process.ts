import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ProcessOptions {
  /** Shown in error messages and output dumps. */
  name: string;
  command: string;
  args?: readonly string[];
  /** The complete environment of the child (nothing is inherited implicitly). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Called with every output line as it arrives (e.g. to relay it to a terminal). */
  onLine?: (line: string) => void;
  /**
   * How many lines `lines`/`logs`/`output()` keep: everything by default (tests assert on them);
   * a long-running process passes a small number so its memory stays flat.
   */
  keepLines?: number;
}

export interface OutputLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export type LogRecord = Record<string, unknown>;

export interface ProcessHandle {
  readonly name: string;
  readonly pid: number;
  /** Every line printed so far, in order. */
  readonly lines: readonly OutputLine[];
  /** The lines that were JSON objects (pino logs), parsed. */
  readonly logs: readonly LogRecord[];
  /** Settles when the process has exited; never rejects. */
  readonly exited: Promise<ProcessExit>;
  /** Resolves with the first line (past or future) matching `predicate`; rejects on timeout or exit. */
  waitForLine(predicate: (line: string, log: LogRecord | undefined) => boolean, timeoutMs?: number): Promise<string>;
  /** Polls `url` until it answers 2xx; rejects on timeout or when the process exits first. */
  waitForHttp(url: string, timeoutMs?: number): Promise<void>;
  /** Sends `sig` to the process itself (not its group), as an orchestrator would. */
  signal(sig: NodeJS.Signals): void;
  /** SIGKILLs the process and anything it spawned; resolves once it has exited. */
  kill(): Promise<ProcessExit>;
  /** The collected output, for assertion messages. */
  output(): string;
}

const running = new Set<ProcessHandle>();

function parseLog(text: string): LogRecord | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as LogRecord) : undefined;
  } catch {
    return undefined;
  }
}

function killGroup(child: ChildProcess, sig: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // Negative pid: the whole process group, so grandchildren (e.g. a wrapper's child) die too.
    process.kill(-child.pid, sig);
  } catch {
    child.kill(sig);
  }
}

/** Spawns a real child process and collects its output. Killed by `stopAll()` at the latest. */
export function startProcess(options: ProcessOptions): ProcessHandle {
  const child = spawn(options.command, options.args ?? [], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group, so kill() can reach everything the child starts.
    detached: true,
  });
  const lines: OutputLine[] = [];
  const logs: LogRecord[] = [];
  const keepLines = options.keepLines ?? Infinity;
  const listeners = new Set<(line: string, log: LogRecord | undefined) => void>();
  let exitInfo: ProcessExit | undefined;

  const exited = new Promise<ProcessExit>((resolvePromise) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      running.delete(handle);
      resolvePromise(exitInfo);
    });
    child.once('error', (error) => {
      lines.push({ stream: 'stderr', text: `spawn failed: ${error.message}` });
      exitInfo = { code: null, signal: null };
      running.delete(handle);
      resolvePromise(exitInfo);
    });
  });

  for (const stream of ['stdout', 'stderr'] as const) {
    const source = child[stream];
    if (!source) continue;
    createInterface({ input: source }).on('line', (text) => {
      const log = parseLog(text);
      lines.push({ stream, text });
      if (log) logs.push(log);
      if (lines.length > keepLines) lines.shift();
      if (logs.length > keepLines) logs.shift();
      options.onLine?.(text);
      for (const listener of listeners) listener(text, log);
    });
  }

  const output = () => lines.map((line) => `[${options.name} ${line.stream}] ${line.text}`).join('\n');
  const describeExit = () =>
    `${options.name} exited (code ${exitInfo?.code ?? 'none'}, signal ${exitInfo?.signal ?? 'none'})`;

  const handle: ProcessHandle = {
    name: options.name,
    pid: child.pid ?? -1,
    lines,
    logs,
    exited,
    output,
    waitForLine(predicate, timeoutMs = 10_000) {
      const seen = lines.find((line) => predicate(line.text, parseLog(line.text)));
      if (seen) return Promise.resolve(seen.text);
      return new Promise<string>((resolvePromise, reject) => {
        const finish = (error: Error | undefined, line?: string) => {
          clearTimeout(timer);
          listeners.delete(listener);
          if (error) reject(error);
          else resolvePromise(line ?? '');
        };
        const listener = (text: string, log: LogRecord | undefined) => {
          if (predicate(text, log)) finish(undefined, text);
        };
        const timer = setTimeout(
          () => finish(new Error(`${options.name}: no matching line within ${timeoutMs} ms\n${output()}`)),
          timeoutMs,
        );
        listeners.add(listener);
        // Wait for the output streams to drain before declaring the line missing.
        void exited.then(() =>
          setImmediate(() => finish(new Error(`${describeExit()} before printing a matching line\n${output()}`))),
        );
      });
    },
    async waitForHttp(url, timeoutMs = 15_000) {
      const outcome = await Promise.race([
        waitForHttp(url, timeoutMs).then(
          () => 'ok' as const,
          (error: unknown) => error as Error,
        ),
        exited.then(() => 'exited' as const),
      ]);
      if (outcome === 'ok') return;
      if (outcome === 'exited') throw new Error(`${describeExit()} before ${url} answered\n${output()}`);
      throw new Error(`${outcome.message}\n${output()}`);
    },
    signal(sig) {
      if (exitInfo === undefined) child.kill(sig);
    },
    async kill() {
      killGroup(child, 'SIGKILL');
      return exited;
    },
  };
  running.add(handle);
  return handle;
}

/** Polls `url` until it answers 2xx. */
export async function waitForHttp(url: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no attempt';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(Math.min(1_000, deadline - Date.now())) });
      await response.body?.cancel();
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 50));
  }
  throw new Error(`${url} did not answer 2xx within ${timeoutMs} ms (last: ${last})`);
}

/** Kills every process started through this module that is still running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((handle) => handle.kill()));
}

/** The directory holding nx.json, found by walking up from this file. */
export function repoRoot(): string {
  // import.meta.dirname is empty when this file is bundled to CommonJS; the working directory of
  // any Nx task is inside the workspace too.
  const start = import.meta.dirname ?? process.cwd();
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no nx.json above ${start}`);
    dir = parent;
  }
}

/**
 * The runner's environment minus what would confuse a child: vitest's own variables and the
 * service settings a test must pass explicitly (a stray DATABASE_URL must never reach an app).
 */
export function inheritedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const withheld = new Set(['DATABASE_URL', 'REDIS_URL', 'PORT', 'ADMIN_PORT', 'HOST', 'NODE_OPTIONS']);
  for (const [key, value] of Object.entries(process.env)) {
    if (withheld.has(key) || key.startsWith('VITEST') || key.startsWith('__VITEST')) continue;
    env[key] = value;
  }
  return env;
}

/** Whether `command` is an executable on PATH; its full path if so. */
export function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

// Last line of defence: no child outlives this process (@shop/testing also stops them after each test file).
process.once('exit', () => {
  for (const handle of running) {
    try {
      process.kill(-handle.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});
