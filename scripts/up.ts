// `npm start`: the whole of shop on this machine. Postgres is DATABASE_URL (a server URL; each
// service gets its own database on it) or an embedded Postgres kept in .shop/postgres; Redis is
// REDIS_URL or a redis-server child. The five apps run from their production bundles on their local
// ports; Ctrl-C stops everything cleanly. With --observe (`npm run observe`) the apps also export
// their traces to a local collector and trace store, and a local Prometheus scrapes them (observe.ts).
import {
  DEFAULT_PORTS,
  findOnPath,
  localStateDir,
  REDIS_MISSING,
  startEmbeddedPostgres,
  startRedisServer,
  startSystem,
  SYSTEM_APPS,
  systemDatabases,
  type LocalServer,
  type RunningSystem,
} from '@shop/local-system';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { requireNode24, run } from './lib';
import { missingObserveTool, OBSERVE_PORTS, startObservability, type Observability } from './observe';

requireNode24();

const started: LocalServer[] = [];
let system: RunningSystem | undefined;
let stopping = false;
const observe = process.argv.includes('--observe');
let observability: Observability | undefined;

async function main(): Promise<void> {
  const missing = observe ? missingObserveTool() : undefined;
  if (missing) throw new Error(missing);
  for (const app of SYSTEM_APPS) {
    for (const port of Object.values(DEFAULT_PORTS[app])) {
      if (!(await portIsFree(port))) throw new Error(`port ${port} (${app}) is in use: stop whatever holds it`);
    }
  }
  for (const [name, port] of observe ? Object.entries(OBSERVE_PORTS) : []) {
    if (!(await portIsFree(port))) throw new Error(`port ${port} (${name}) is in use: stop whatever holds it`);
  }
  if (!process.env.REDIS_URL && !findOnPath('redis-server')) {
    throw new Error(REDIS_MISSING);
  }

  console.log('Building the apps...');
  if ((await run('nx', ['run-many', '-t', 'build', '-p', SYSTEM_APPS.join(','), '--outputStyle=static'])) !== 0) {
    throw new Error('build failed');
  }

  const state = localStateDir();
  const postgresUrl =
    process.env.DATABASE_URL ?? (await keep(startEmbeddedPostgres({ dataDir: join(state, 'postgres'), port: 5432, durable: true }))).url;
  const redisUrl = process.env.REDIS_URL ?? (await keep(startRedisServer({ port: 6379 }))).url;
  console.log(`Postgres: ${redact(postgresUrl)}\nRedis:    ${redisUrl}`);
  if (observe) observability = await startObservability(state);
  const appEnv = observability?.appEnv ?? {};

  system = await startSystem({
    databases: systemDatabases(postgresUrl),
    redisUrl,
    mode: 'built',
    ports: 'default',
    seed: true,
    jwtKeyDir: join(state, 'keys'),
    env: Object.fromEntries(SYSTEM_APPS.map((app) => [app, appEnv])),
    onLine: (app, line) => console.log(`${app.padEnd(9)} | ${line}`),
    keepLines: 50,
    onUnexpectedExit: (app, { code, signal }) => {
      console.error(`${app} exited (code ${code}, signal ${signal}); stopping shop`);
      void stop(1);
    },
  });
  await observability?.scrapeApps();
  console.log(`\nshop is up: ${system.gatewayUrl}/ (the storefront; the API at ${system.gatewayUrl}/api/v1). Ctrl-C stops everything.\n`);
}

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await system?.stop();
  await observability?.stop().catch(() => undefined);
  for (const server of started.reverse()) await server.stop().catch(() => undefined);
  process.exit(code);
}

async function keep(starting: Promise<LocalServer>): Promise<LocalServer> {
  const server = await starting;
  started.push(server);
  return server;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer()
      .once('error', () => done(false))
      .listen(port, '127.0.0.1', () => server.close(() => done(true)));
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
