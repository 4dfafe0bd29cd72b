// `npm start`: the whole of shop on this machine (startLocalShop). Postgres is DATABASE_URL (a server
// URL; each service gets its own database on it) or an embedded Postgres kept in .shop/postgres;
// Redis is REDIS_URL or a redis-server child. The five apps run from their production bundles on
// their local ports; Ctrl-C stops everything cleanly. With --observe (`npm run observe`) the apps
// also export their traces to a local collector and trace store, and a local Prometheus scrapes them
// (observe.ts). With --ephemeral everything runs on free loopback ports with throwaway data, beside
// whatever else runs here; the addresses are printed as usual.
import {
  DEFAULT_PORTS,
  findOnPath,
  localStateDir,
  REDIS_MISSING,
  startLocalShop,
  SYSTEM_APPS,
  type LocalShop,
} from '@shop/local-system';
import { createServer } from 'node:net';
import { requireNode24, run } from './lib';
import { missingObserveTool, OBSERVE_PORTS, startObservability, type Observability } from './observe';

requireNode24();

let shop: LocalShop | undefined;
let stopping = false;
const observe = process.argv.includes('--observe');
const ephemeral = process.argv.includes('--ephemeral');
let observability: Observability | undefined;

async function main(): Promise<void> {
  const missing = observe ? missingObserveTool() : undefined;
  if (missing) throw new Error(missing);
  if (!ephemeral) {
    for (const app of SYSTEM_APPS) {
      for (const port of Object.values(DEFAULT_PORTS[app])) {
        if (!(await portIsFree(port))) throw new Error(`port ${port} (${app}) is in use: stop whatever holds it`);
      }
    }
    for (const [name, port] of observe ? Object.entries(OBSERVE_PORTS) : []) {
      if (!(await portIsFree(port))) throw new Error(`port ${port} (${name}) is in use: stop whatever holds it`);
    }
  }
  if (!process.env.REDIS_URL && !findOnPath('redis-server')) {
    throw new Error(REDIS_MISSING);
  }

  console.log('Building the apps...');
  if ((await run('nx', ['run-many', '-t', 'build', '-p', SYSTEM_APPS.join(','), '--outputStyle=static'])) !== 0) {
    throw new Error('build failed');
  }

  const state = ephemeral ? undefined : localStateDir();
  const ports = ephemeral ? 'free' : 'default';
  if (observe) observability = await startObservability({ dataDir: state, ports });
  const appEnv = observability?.appEnv ?? {};
  shop = await startLocalShop({
    ports,
    stateDir: state,
    postgresUrl: process.env.DATABASE_URL,
    redisUrl: process.env.REDIS_URL,
    env: Object.fromEntries(SYSTEM_APPS.map((app) => [app, appEnv])),
    onLine: (app, line) => console.log(`${app.padEnd(9)} | ${line}`),
    keepLines: 50,
    onUnexpectedExit: (app, { code, signal }) => {
      console.error(`${app} exited (code ${code}, signal ${signal}); stopping shop`);
      void stop(1);
    },
  });
  console.log(`Postgres: ${redact(shop.postgresUrl)}\nRedis:    ${shop.redisUrl}`);
  await observability?.scrapeApps(shop.system);
  console.log(`\nshop is up: ${shop.url}/ (the storefront; the API at ${shop.url}/api/v1). Ctrl-C stops everything.\n`);
}

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await shop?.stop();
  await observability?.stop().catch(() => undefined);
  process.exit(code);
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

// Every signal, not once: Ctrl-C reaches this process from the terminal and again through npm, and a
// second SIGINT must not kill it halfway through stopping the apps (they run in process groups of
// their own, so the terminal's signal does not stop them). Run under `node --import tsx`, not the tsx
// CLI, whose signal relay SIGKILLs a child that is slow to acknowledge.
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  void stop(1);
});
