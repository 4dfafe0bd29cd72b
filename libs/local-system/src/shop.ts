/**
 * The whole shop on this machine, as `npm start` runs it: Postgres (a server you name, or an
 * embedded one), Redis (a server you name, or a redis-server child) and the five apps from their
 * production bundles, inventory's demo catalog loaded. `npm start`, `npm run observe`, the
 * storefront's browser tests and its Lighthouse run start it here.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, startRedisServer, type LocalServer } from './servers';
import { startSystem, systemDatabases, type RunningSystem, type SystemOptions } from './system';

export interface LocalShopOptions extends Pick<SystemOptions, 'env' | 'onLine' | 'keepLines' | 'onUnexpectedExit'> {
  /**
   * 'default': the apps' local ports, Postgres on 5432 and Redis on 6379 (`npm start`);
   * 'free' (the default): any free loopback ports, so it runs beside anything else.
   */
  ports?: 'default' | 'free';
  /**
   * Keep the embedded Postgres' data and the JWT key pair here across runs (`npm start`: .shop).
   * Without it both live in temporary directories that stop() removes, and Postgres runs without fsync.
   */
  stateDir?: string;
  /** A Postgres server to use instead of an embedded one (each app gets database shop_<app> on it). */
  postgresUrl?: string;
  /** A Redis to use instead of a redis-server child. */
  redisUrl?: string;
}

export interface LocalShop {
  /** The gateway: the storefront at `/`, the API at `/api/v1`. */
  url: string;
  system: RunningSystem;
  postgresUrl: string;
  redisUrl: string;
  /** Where user writes its signing key pair and the gateway reads the public key. */
  jwtKeyDir: string;
  /** Stops the apps, then the servers it started; removes temporary state. */
  stop(): Promise<void>;
}

export async function startLocalShop(options: LocalShopOptions = {}): Promise<LocalShop> {
  const fixed = options.ports === 'default';
  const started: LocalServer[] = [];
  const jwtKeyDir = options.stateDir === undefined ? mkdtempSync(join(tmpdir(), 'shop-keys-')) : join(options.stateDir, 'keys');
  mkdirSync(jwtKeyDir, { recursive: true, mode: 0o700 });
  let system: RunningSystem | undefined;
  const stop = async () => {
    await system?.stop();
    for (const server of started.reverse()) await server.stop().catch(() => undefined);
    if (options.stateDir === undefined) rmSync(jwtKeyDir, { recursive: true, force: true });
  };
  const keep = async (starting: Promise<LocalServer>) => {
    const server = await starting;
    started.push(server);
    return server.url;
  };
  try {
    const durable = options.stateDir === undefined ? {} : { dataDir: join(options.stateDir, 'postgres'), durable: true };
    // Both at once; settled, so that one failing never leaves the other running unstopped.
    const [postgres, redis] = await Promise.allSettled([
      options.postgresUrl ?? keep(startEmbeddedPostgres({ ...durable, port: fixed ? 5432 : undefined })),
      options.redisUrl ?? keep(startRedisServer({ port: fixed ? 6379 : undefined })),
    ]);
    if (postgres.status === 'rejected') throw postgres.reason;
    if (redis.status === 'rejected') throw redis.reason;
    const [postgresUrl, redisUrl] = [postgres.value, redis.value];
    system = await startSystem({
      databases: systemDatabases(postgresUrl),
      redisUrl,
      jwtKeyDir,
      mode: 'built',
      ports: options.ports ?? 'free',
      seed: true,
      env: options.env,
      onLine: options.onLine,
      keepLines: options.keepLines,
      onUnexpectedExit: options.onUnexpectedExit,
    });
    return { url: system.gatewayUrl, system, postgresUrl, redisUrl, jwtKeyDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
