/**
 * The whole of shop as real processes from the built bundles (dist/apps/<app>/main.cjs): user,
 * inventory (after its `seed` command), payment, order and gateway, wired to each other, each on its
 * own database of one Postgres server, user and gateway sharing a JWT key directory. `npm start` and
 * the benchmarks use it. Nothing here imports vitest.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from './ports';
import { withDatabase } from './infra';

export type SystemApp = 'user' | 'inventory' | 'payment' | 'order' | 'gateway';

/** Start order: the gateway last, so nothing reaches a service before it is up. */
export const SYSTEM_APPS: readonly SystemApp[] = ['user', 'inventory', 'payment', 'order', 'gateway'];

/** The ports the apps' local defaults use (`nx serve`, `npm start`). */
export const DEFAULT_PORTS: Record<SystemApp, { port: number; adminPort: number }> = {
  user: { port: 50051, adminPort: 9051 },
  inventory: { port: 50052, adminPort: 9052 },
  payment: { port: 50053, adminPort: 9053 },
  order: { port: 50054, adminPort: 9054 },
  gateway: { port: 8080, adminPort: 9080 },
};

export interface SystemOptions {
  /** A Postgres server URL; each service gets database shop_<app> on it (created on first start). */
  postgresUrl: string;
  redisUrl: string;
  /** Where the bundles are: `<root>/dist/apps`. */
  buildDir: string;
  /** 'default' for the apps' local ports, 'free' for any free ports. */
  ports: 'default' | 'free';
  /** Shared by user (writes the key pair) and gateway (reads the public key). */
  jwtKeyDir: string;
  /** Extra environment per app, e.g. LOG_LEVEL or raised rate limits. */
  env?: Partial<Record<SystemApp, Record<string, string>>>;
  /** Every output line of every app. */
  onLine?: (app: SystemApp, line: string) => void;
  /** Called when an app exits before `stop()`. */
  onUnexpectedExit?: (app: SystemApp, code: number | null, signal: NodeJS.Signals | null) => void;
}

export interface RunningSystem {
  gatewayUrl: string;
  addresses: Record<SystemApp, { port: number; adminPort: number }>;
  /** SIGTERM to every app, the gateway first; waits for each (SIGKILL after the grace period). */
  stop(graceMs?: number): Promise<void>;
}

export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const addresses = {} as Record<SystemApp, { port: number; adminPort: number }>;
  for (const app of SYSTEM_APPS) {
    addresses[app] = options.ports === 'default' ? DEFAULT_PORTS[app] : { port: await freePort(), adminPort: await freePort() };
  }
  const grpc = (app: SystemApp) => `127.0.0.1:${addresses[app].port}`;
  const databases: Partial<Record<SystemApp, string>> = {
    user: 'shop_user',
    inventory: 'shop_inventory',
    payment: 'shop_payment',
    order: 'shop_order',
  };
  const envOf = (app: SystemApp): NodeJS.ProcessEnv => ({
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(addresses[app].port),
    ADMIN_PORT: String(addresses[app].adminPort),
    REDIS_URL: options.redisUrl,
    JWT_KEY_DIR: options.jwtKeyDir,
    ...(databases[app] ? { DATABASE_URL: withDatabase(options.postgresUrl, databases[app]) } : {}),
    ...(app === 'order' ? { INVENTORY_ADDR: grpc('inventory'), PAYMENT_ADDR: grpc('payment') } : {}),
    ...(app === 'gateway' ? { USER_ADDR: grpc('user'), INVENTORY_ADDR: grpc('inventory'), ORDER_ADDR: grpc('order') } : {}),
    ...options.env?.[app],
  });
  const bundle = (app: SystemApp) => join(options.buildDir, app, 'main.cjs');

  const seed = spawn(process.execPath, [bundle('inventory'), 'seed'], { env: envOf('inventory'), stdio: ['ignore', 'pipe', 'pipe'] });
  relay(seed, 'inventory', options.onLine);
  const [seedCode] = (await onceExit(seed)) as [number | null];
  if (seedCode !== 0) throw new Error(`inventory seed exited with code ${seedCode}:\n${(lastLines.get(seed) ?? []).join('\n')}`);

  const children = new Map<SystemApp, ChildProcess>();
  let stopping = false;
  const stop = async (graceMs = 15_000) => {
    stopping = true;
    for (const app of [...SYSTEM_APPS].reverse()) {
      const child = children.get(app);
      if (!child || child.exitCode !== null || child.signalCode !== null) continue;
      const exited = onceExit(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    for (const app of SYSTEM_APPS) {
      const child = spawn(process.execPath, [bundle(app)], { env: envOf(app), stdio: ['ignore', 'pipe', 'pipe'] });
      relay(child, app, options.onLine);
      child.once('exit', (code, signal) => {
        if (!stopping) options.onUnexpectedExit?.(app, code, signal);
      });
      children.set(app, child);
    }
    await Promise.all(SYSTEM_APPS.map((app) => waitUntilReady(app, addresses[app].adminPort, children.get(app)!)));
  } catch (error) {
    await stop(2000);
    throw error;
  }
  return { gatewayUrl: `http://127.0.0.1:${addresses.gateway.port}`, addresses, stop };
}

/** The last lines of each child's output, for errors about it. */
const lastLines = new WeakMap<ChildProcess, string[]>();

function relay(child: ChildProcess, app: SystemApp, onLine: SystemOptions['onLine']): void {
  const tail: string[] = [];
  lastLines.set(child, tail);
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      onLine?.(app, line);
    });
  }
}

async function waitUntilReady(app: SystemApp, adminPort: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${app} exited during start-up:\n${(lastLines.get(child) ?? []).join('\n')}`);
    }
    const ready = await fetch(`http://127.0.0.1:${adminPort}/readyz`).then((r) => r.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${app} was not ready within 60 s`);
}

function onceExit(child: ChildProcess): Promise<unknown[]> {
  return new Promise((resolve) => child.once('exit', (...args) => resolve(args)));
}
