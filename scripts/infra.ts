// `npm run infra`: only the backing services, on the ports the apps' local defaults expect
// (Postgres 127.0.0.1:5432, data kept in .shop/postgres; Redis 127.0.0.1:6379), for working on one
// app with `nx serve <app>`. Ctrl-C stops them.
import { localStateDir, startEmbeddedPostgres, startRedisServer, type LocalServer } from '@shop/local-system';
import { join } from 'node:path';
import { requireNode24 } from './lib';

requireNode24();
const started: LocalServer[] = [];

async function main(): Promise<void> {
  started.push(await startEmbeddedPostgres({ dataDir: join(localStateDir(), 'postgres'), port: 5432, durable: true }));
  started.push(await startRedisServer({ port: 6379 }));
  console.log(`Postgres: postgres://postgres:***@127.0.0.1:5432 (each app creates its own database)`);
  console.log('Redis:    redis://127.0.0.1:6379');
  console.log('Ready. Now `npx nx serve <app>` in another terminal; Ctrl-C here stops these.');
}

async function stop(code: number): Promise<never> {
  for (const server of started.reverse()) await server.stop().catch(() => undefined);
  process.exit(code);
}

process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));
main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  void stop(1);
});
