import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { APP_NODE_FLAGS, appNodeFlags, repoRoot } from '@shop/local-system';
import { appEnv } from './closed-loop';

export interface Running {
  port: number;
  stop(): Promise<void>;
}

export interface RunningServer extends Running {
  /** CPU seconds the process has used so far. */
  cpuSeconds(): number;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** servers.ts as the bench target builds it: the chassis runs from a bundle, as the apps ship. */
const SERVERS_BUNDLE = join(repoRoot(), 'dist', 'tools', 'bench', 'servers.cjs');

/**
 * One of servers.ts's kinds in its own process, from its bundle with the apps' Node flags (and
 * BENCH_APP_NODE_OPTIONS, as every app). Its output goes to /dev/null, as cheap a reader as a log
 * collector can be; it reports its port over IPC.
 */
export async function startServer(kind: string, env: Record<string, string> = {}): Promise<RunningServer> {
  if (!existsSync(SERVERS_BUNDLE)) throw new Error(`${SERVERS_BUNDLE} is missing: the bench target builds it first (npx nx build bench)`);
  const child = spawn(process.execPath, [...APP_NODE_FLAGS, SERVERS_BUNDLE, kind], {
    env: { SHOP_PROFILE: 'local', ...process.env, HOST: '127.0.0.1', PORT: '0', ADMIN_PORT: '0', ...appEnv, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`${kind} server exited (${code})`)));
  });
  return { port, stop: () => stopChild(child), cpuSeconds: () => processFigures(child.pid!).cpuSeconds };
}

/** A built gateway (dist/apps/gateway/main.cjs or a copy) with the gateway's Node flags and its output to /dev/null, once its /readyz answers. */
export async function startBundle(bundle: string, env: Record<string, string>, adminPort: number): Promise<{ stop(): Promise<void>; cpuSeconds(): number }> {
  const child = spawn(process.execPath, [...appNodeFlags('gateway'), bundle], { env: { SHOP_PROFILE: 'local', ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${bundle} exited with ${child.exitCode} during start-up`);
    if (await fetch(`http://127.0.0.1:${adminPort}/readyz`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`${bundle} was not ready within 60 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { stop: () => stopChild(child), cpuSeconds: () => processFigures(child.pid!).cpuSeconds };
}

/**
 * A local OTLP/HTTP sink: accepts every export and drops it, so that tracing rows pay the whole
 * cost of exporting (serialisation, the HTTP request) and none of a real backend's.
 */
export async function startOtlpSink(): Promise<Running & { exports(): number }> {
  let exports = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.once('end', () => {
      exports++;
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/x-protobuf' }).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    exports: () => exports,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

export interface ProcessFigures {
  /** The most resident memory the process has had since it started, or since resetPeakRss (VmHWM). */
  peakRssBytes: number;
  /** User and system CPU time so far. */
  cpuSeconds: number;
}

/** What the kernel counts for a process (Linux /proc). */
export function processFigures(pid: number): ProcessFigures {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const peakKb = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1] ?? Number.NaN);
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis):
  // utime and stime are the 14th and 15th fields of the whole line.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { peakRssBytes: peakKb * 1024, cpuSeconds: ticks / CLOCK_TICKS_PER_SECOND };
}

/**
 * Starts the process's peak RSS (VmHWM) again from its current RSS (Linux: `5` written to
 * /proc/PID/clear_refs), so that the next processFigures gives the peak of what ran in between.
 */
export function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}
