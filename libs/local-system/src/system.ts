/**
 * The whole of shop as real processes: user, inventory, payment, order and gateway, wired to each
 * other, each service on its own database, user and gateway sharing a JWT key directory. `npm start`,
 * the benchmarks and the tests (through @shop/testing's startTestSystem) all start it here.
 */
import { runAppCommand, startApp, type AppMode, type AppName, type RunningApp } from './apps';
import { freePort } from './ports';
import type { ProcessExit } from './process';
import { withDatabase } from './servers';

/** Start order for messages; the gateway is stopped first, so nothing reaches a stopped service. */
export const SYSTEM_APPS: readonly AppName[] = ['user', 'inventory', 'payment', 'order', 'gateway'];

/**
 * Per-app environment for a system that one client address drives (a test, a benchmark, the load
 * generator): `appEnv` for every app (quiet by default), and the gateway's per-address and per-user
 * rate limits lifted, which a real crowd spreads over many addresses.
 */
export function singleClientEnv(appEnv: Record<string, string> = { LOG_LEVEL: 'warn' }): Record<AppName, Record<string, string>> {
  const lifted = { RATE_LIMIT_PER_ADDRESS: '1000000', RATE_LIMIT_PER_USER: '1000000', RATE_LIMIT_AUTH_PER_ADDRESS: '1000000' };
  // The sign-up ceiling and the hashing queue's too: one client makes every shopper of the run.
  return { user: { ...appEnv, REGISTRATIONS_PER_MINUTE: '1000000', SCRYPT_MAX_WAITING: '10000' }, inventory: appEnv, payment: appEnv, order: appEnv, gateway: { ...appEnv, ...lifted } };
}

/** The apps that own a database. */
export type DatabaseApp = Exclude<AppName, 'gateway'>;
export const DATABASE_APPS: readonly DatabaseApp[] = ['user', 'inventory', 'payment', 'order'];

/** The ports the apps' local defaults use (`nx serve`, `npm start`). */
export const DEFAULT_PORTS: Record<AppName, { port: number; adminPort: number }> = {
  user: { port: 50051, adminPort: 9051 },
  inventory: { port: 50052, adminPort: 9052 },
  payment: { port: 50053, adminPort: 9053 },
  order: { port: 50054, adminPort: 9054 },
  gateway: { port: 8080, adminPort: 9080 },
};

/** Database shop_<app> for each service on one Postgres server (each app creates its own on first start). */
export function systemDatabases(postgresUrl: string): Record<DatabaseApp, string> {
  return Object.fromEntries(DATABASE_APPS.map((app) => [app, withDatabase(postgresUrl, `shop_${app}`)])) as Record<
    DatabaseApp,
    string
  >;
}

export interface SystemOptions {
  /** Each service's database URL. */
  databases: Record<DatabaseApp, string>;
  redisUrl: string;
  /** The user service's key pair (tests sign tokens with its private key; the gateway fetches the public keys from the user service). */
  jwtKeyDir: string;
  /** 'built' runs the production bundles; the default is startApp's. */
  mode?: AppMode;
  /** Where the bundles are (`<root>/dist` by default). */
  buildDir?: string;
  /** 'default' for the apps' local ports, 'free' (the default) for any free loopback ports. */
  ports?: 'default' | 'free';
  /** Load inventory's demo catalog (`inventory seed`) before starting. */
  seed?: boolean;
  /** Extra environment per app, e.g. LOG_LEVEL or raised rate limits. */
  env?: Partial<Record<AppName, Record<string, string>>>;
  /** Every output line of every app. */
  onLine?: (app: AppName, line: string) => void;
  /** How many output lines each app's handle keeps (all by default; a long-running system keeps a few). */
  keepLines?: number;
  /** Called when an app exits before `stop()`. */
  onUnexpectedExit?: (app: AppName, exit: ProcessExit) => void;
}

export interface RunningSystem {
  apps: Record<AppName, RunningApp>;
  /** http://127.0.0.1:<gateway port> */
  gatewayUrl: string;
  /** SIGTERM to every app, the gateway first; waits for each (SIGKILL after the grace period). */
  stop(graceMs?: number): Promise<void>;
}

/**
 * What `app` is started with in the system: its Redis, database, key directory, the gRPC addresses
 * of the services it calls (`grpcAddress`), then `options.env`. Also for whoever starts an app of
 * the system again (a restart, a second replica).
 */
export function systemAppEnv(
  app: AppName,
  options: Pick<SystemOptions, 'databases' | 'redisUrl' | 'jwtKeyDir' | 'env'>,
  grpcAddress: (app: AppName) => string,
): Record<string, string> {
  return {
    REDIS_URL: options.redisUrl,
    ...(app === 'user' ? { JWT_KEY_DIR: options.jwtKeyDir } : {}),
    ...(app !== 'gateway' ? { DATABASE_URL: options.databases[app] } : {}),
    ...(app === 'order' ? { INVENTORY_ADDR: grpcAddress('inventory'), PAYMENT_ADDR: grpcAddress('payment') } : {}),
    ...(app === 'gateway' ? { USER_ADDR: grpcAddress('user'), INVENTORY_ADDR: grpcAddress('inventory'), ORDER_ADDR: grpcAddress('order') } : {}),
    ...options.env?.[app],
  };
}

export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  // Fixed or free, every address is known before anything starts, so all apps start at once.
  const addresses = {} as Record<AppName, { port: number; adminPort: number }>;
  for (const app of SYSTEM_APPS) {
    addresses[app] = options.ports === 'default' ? DEFAULT_PORTS[app] : { port: await freePort(), adminPort: await freePort() };
  }
  const envOf = (app: AppName) => systemAppEnv(app, options, (target) => `127.0.0.1:${addresses[target].port}`);
  const common = { mode: options.mode, buildDir: options.buildDir, keepLines: options.keepLines };
  const { onLine } = options;
  const relay = (app: AppName) => (onLine ? (line: string) => onLine(app, line) : undefined);

  if (options.seed) {
    await runAppCommand('inventory', 'seed', {
      ...common,
      env: envOf('inventory'),
      onLine: relay('inventory'),
    });
  }

  let stopping = false;
  const started = await Promise.allSettled(
    SYSTEM_APPS.map((app) =>
      startApp(app, {
        ...common,
        ...addresses[app],
        env: envOf(app),
        onLine: relay(app),
      }),
    ),
  );
  const apps = {} as Record<AppName, RunningApp>;
  SYSTEM_APPS.forEach((app, index) => {
    const result = started[index];
    if (result?.status === 'fulfilled') apps[app] = result.value;
  });
  const stop = async (graceMs = 15_000) => {
    stopping = true;
    for (const app of [...SYSTEM_APPS].reverse()) {
      const running = apps[app];
      if (!running) continue;
      const timer = setTimeout(() => void running.process.kill(), graceMs);
      await running.stop('SIGTERM');
      clearTimeout(timer);
    }
  };
  try {
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    await Promise.all(
      SYSTEM_APPS.map((app) => apps[app].process.waitForHttp(`http://127.0.0.1:${apps[app].adminPort}/readyz`, 60_000)),
    );
  } catch (error) {
    await stop(2000);
    throw error;
  }
  for (const app of SYSTEM_APPS) {
    void apps[app].process.exited.then((exit) => {
      if (!stopping) options.onUnexpectedExit?.(app, exit);
    });
  }
  return { apps, gatewayUrl: `http://127.0.0.1:${apps.gateway.port}`, stop };
}
