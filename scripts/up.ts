// `npm start`: the whole of shop on this machine. Postgres is DATABASE_URL (a server URL; each
// service gets its own database on it) or an embedded Postgres kept in .shop/postgres; Redis is
// REDIS_URL or a redis-server child. The five apps run from their production bundles; Ctrl-C stops
// everything cleanly.
import { findOnPath, startEmbeddedPostgres, startRedisServer, withDatabase, type LocalServer } from '@shop/testing/infra';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { requireNode24, run } from './lib';

requireNode24();

interface AppSpec {
  name: string;
  port: number;
  adminPort: number;
  database?: string;
  redis?: boolean;
}

const APPS: AppSpec[] = [
  { name: 'user', port: 50051, adminPort: 9051, database: 'shop_user', redis: true },
  { name: 'inventory', port: 50052, adminPort: 9052, database: 'shop_inventory', redis: true },
  { name: 'payment', port: 50053, adminPort: 9053, database: 'shop_payment' },
  { name: 'order', port: 50054, adminPort: 9054, database: 'shop_order', redis: true },
  { name: 'gateway', port: 8080, adminPort: 9080, redis: true },
];

const started: LocalServer[] = [];
const children = new Map<string, ChildProcess>();
let stopping = false;

async function main(): Promise<void> {
  for (const app of APPS) {
    for (const port of [app.port, app.adminPort]) {
      if (!(await portIsFree(port))) throw new Error(`port ${port} (${app.name}) is in use: stop whatever holds it`);
    }
  }
  if (!process.env.REDIS_URL && !findOnPath('redis-server')) {
    throw new Error('redis-server is not on PATH: install it (apt-get install redis-server) or set REDIS_URL');
  }

  console.log('Building the apps...');
  if ((await run('nx', ['run-many', '-t', 'build', '-p', APPS.map((a) => a.name).join(','), '--outputStyle=static'])) !== 0) {
    throw new Error('build failed');
  }

  const postgresUrl = process.env.DATABASE_URL ?? (await keep(startEmbeddedPostgres({ dataDir: join('.shop', 'postgres'), port: 5432, durable: true }))).url;
  const redisUrl = process.env.REDIS_URL ?? (await keep(startRedisServer({ port: 6379 }))).url;
  console.log(`Postgres: ${redact(postgresUrl)}\nRedis:    ${redisUrl}`);

  const inventory = APPS[1] as AppSpec;
  const env = (app: AppSpec): NodeJS.ProcessEnv => ({
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(app.port),
    ADMIN_PORT: String(app.adminPort),
    ...(app.database ? { DATABASE_URL: withDatabase(postgresUrl, app.database) } : {}),
    ...(app.redis ? { REDIS_URL: redisUrl } : {}),
  });
  if ((await run('node', [bundle(inventory), 'seed'], { env: env(inventory) })) !== 0) {
    console.warn('inventory seed did not run; the catalog may be empty');
  }

  for (const app of APPS) children.set(app.name, startApp(app, env(app)));
  await Promise.all(APPS.map((app) => waitUntilReady(app)));
  console.log('\nshop is up: http://127.0.0.1:8080/api/v1 (Ctrl-C stops everything)\n');
}

function startApp(app: AppSpec, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn('node', [bundle(app)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => console.log(`${app.name.padEnd(9)} | ${line}`));
  }
  child.once('exit', (code, signal) => {
    children.delete(app.name);
    if (!stopping) {
      console.error(`${app.name} exited (code ${code}, signal ${signal}); stopping shop`);
      void stop(1);
    }
  });
  return child;
}

async function waitUntilReady(app: AppSpec): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (!children.has(app.name)) throw new Error(`${app.name} exited during start-up`);
    const ready = await fetch(`http://127.0.0.1:${app.adminPort}/readyz`).then((r) => r.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${app.name} was not ready within 60 s`);
}

async function stop(code: number): Promise<never> {
  stopping = true;
  // The gateway first, so no new work enters while the services drain.
  for (const name of ['gateway', 'order', 'user', 'inventory', 'payment']) {
    const child = children.get(name);
    if (!child) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  }
  for (const server of started.reverse()) await server.stop().catch(() => undefined);
  process.exit(code);
}

async function keep(starting: Promise<LocalServer>): Promise<LocalServer> {
  const server = await starting;
  started.push(server);
  return server;
}

function bundle(app: AppSpec): string {
  return join('dist', 'apps', app.name, 'main.cjs');
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));
main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  void stop(1);
});
