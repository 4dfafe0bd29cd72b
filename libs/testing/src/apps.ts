import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from './ports';
import { inheritedEnv, repoRoot, startProcess, type ProcessExit, type ProcessHandle } from './process';

export type AppName = 'gateway' | 'user' | 'inventory' | 'payment' | 'order';

/**
 * 'built' runs the production bundle (what the image runs); 'source' runs the TypeScript with tsx
 * (no build step, for quick local loops).
 */
export type AppMode = 'built' | 'source';

export interface StartAppOptions {
  /** Passed to the app on top of PORT, ADMIN_PORT, HOST and LOG_LEVEL (e.g. DATABASE_URL, REDIS_URL). */
  env?: Record<string, string>;
  /** Defaults to SHOP_TEST_APP_MODE, else 'source'. */
  mode?: AppMode;
  /** How long the app may take to answer /healthz. */
  startTimeoutMs?: number;
  /** Where built bundles are (`<repo>/dist` by default). */
  buildDir?: string;
}

export interface RunningApp {
  readonly name: string;
  readonly port: number;
  readonly adminPort: number;
  /** host:port for gRPC clients. */
  readonly grpcAddress: string;
  readonly process: ProcessHandle;
  /** Sends `signal` (SIGTERM by default) and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<ProcessExit>;
}

function defaultMode(): AppMode {
  const mode = process.env.SHOP_TEST_APP_MODE;
  if (mode === undefined || mode === '') return 'source';
  if (mode === 'built' || mode === 'source') return mode;
  throw new Error(`SHOP_TEST_APP_MODE must be 'built' or 'source', not '${mode}'`);
}

/** Starts one of the shop's apps as a real process on free loopback ports, once it is healthy. */
export async function startApp(app: AppName, options: StartAppOptions = {}): Promise<RunningApp> {
  const root = repoRoot();
  const mode = options.mode ?? defaultMode();
  let script: string;
  if (mode === 'built') {
    script = join(options.buildDir ?? join(root, 'dist'), 'apps', app, 'main.cjs');
    if (!existsSync(script)) throw new Error(`${script} is missing: run \`nx build ${app}\` first`);
  } else {
    script = join(root, 'apps', app, 'src', 'main.ts');
  }
  return startService({ name: app, script, env: options.env, startTimeoutMs: options.startTimeoutMs });
}

export interface StartServiceOptions {
  name: string;
  /** A .ts file (run with tsx, workspace aliases resolved) or a .js/.cjs/.mjs file (run with node). */
  script: string;
  env?: Record<string, string> | undefined;
  startTimeoutMs?: number | undefined;
}

/**
 * What startApp does for any Node service that follows the chassis conventions (listens on PORT,
 * serves /healthz on ADMIN_PORT, binds HOST): allocate the ports, start it, wait until healthy.
 */
export async function startService(options: StartServiceOptions): Promise<RunningApp> {
  const root = repoRoot();
  const script = resolve(root, options.script);
  const [port, adminPort] = await Promise.all([freePort(), freePort()]);
  const env: NodeJS.ProcessEnv = {
    ...inheritedEnv(),
    LOG_LEVEL: 'info',
    ...options.env,
    PORT: String(port),
    ADMIN_PORT: String(adminPort),
    HOST: '127.0.0.1',
  };
  const args = [script];
  if (script.endsWith('.ts')) {
    // In-process tsx (no wrapper process), so the signals a test sends reach the service itself.
    args.unshift('--import', 'tsx');
    env.TSX_TSCONFIG_PATH = join(root, 'tsconfig.base.json');
  }

  const child = startProcess({ name: options.name, command: process.execPath, args, env, cwd: root });
  try {
    await child.waitForHttp(`http://127.0.0.1:${adminPort}/healthz`, options.startTimeoutMs ?? 30_000);
  } catch (error) {
    await child.kill();
    throw error;
  }
  return {
    name: options.name,
    port,
    adminPort,
    grpcAddress: `127.0.0.1:${port}`,
    process: child,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      child.signal(signal);
      return child.exited;
    },
  };
}
