import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from './ports';
import { inheritedEnv, repoRoot, startProcess, type ProcessExit, type ProcessHandle, type ProcessOptions } from './process';

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
  /** Fixed ports (e.g. the local defaults); free loopback ports when omitted. */
  port?: number;
  adminPort?: number;
  /** Passed on to startProcess. */
  onLine?: ProcessOptions['onLine'];
  keepLines?: number;
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

/** Starts one of the shop's apps as a real process on loopback, once it is healthy. */
export async function startApp(app: AppName, options: StartAppOptions = {}): Promise<RunningApp> {
  return startService({ ...options, name: app, script: appScript(app, options), nodeFlags: appNodeFlags(app) });
}

/** The file that runs `app`: its bundle ('built') or its TypeScript entry point ('source'). */
function appScript(app: AppName, options: { mode?: AppMode | undefined; buildDir?: string | undefined }): string {
  const root = repoRoot();
  if ((options.mode ?? defaultMode()) === 'source') return join(root, 'apps', app, 'src', 'main.ts');
  const script = join(options.buildDir ?? join(root, 'dist'), 'apps', app, 'main.cjs');
  if (!existsSync(script)) throw new Error(`${script} is missing: run \`nx build ${app}\` first`);
  return script;
}

export interface AppCommandOptions {
  env?: Record<string, string> | undefined;
  mode?: AppMode | undefined;
  buildDir?: string | undefined;
  onLine?: ProcessOptions['onLine'];
  keepLines?: number | undefined;
}

/** Starts one of an app's commands (`migrate`, `seed`); see runAppCommand. */
export function startAppCommand(app: AppName, command: string, options: AppCommandOptions = {}): ProcessHandle {
  return startProcess({
    ...nodeProcess(appScript(app, options), [command], { LOG_LEVEL: 'info', ...options.env }),
    name: `${app}-${command}`,
    onLine: options.onLine,
    keepLines: options.keepLines,
  });
}

/**
 * Runs one of an app's commands (`migrate`, `seed`) to completion, as an image's init step would;
 * throws with its output when it fails.
 */
export async function runAppCommand(app: AppName, command: string, options: AppCommandOptions = {}): Promise<void> {
  const child = startAppCommand(app, command, options);
  const exit = await child.exited;
  if (exit.code !== 0) throw new Error(`\`${app} ${command}\` exited ${JSON.stringify(exit)}:\n${child.output()}`);
}

export interface StartServiceOptions {
  name: string;
  /** A .ts file (run with tsx, workspace aliases resolved) or a .js/.cjs/.mjs file (run with node). */
  script: string;
  env?: Record<string, string> | undefined;
  startTimeoutMs?: number | undefined;
  port?: number | undefined;
  adminPort?: number | undefined;
  onLine?: ProcessOptions['onLine'];
  keepLines?: number | undefined;
  /** Node's own flags (APP_NODE_FLAGS by default). */
  nodeFlags?: readonly string[] | undefined;
}

/**
 * What startApp does for any Node service that follows the chassis conventions (listens on PORT,
 * serves /healthz on ADMIN_PORT, binds HOST): allocate the ports, start it, wait until healthy.
 */
export async function startService(options: StartServiceOptions): Promise<RunningApp> {
  const [port, adminPort] = await Promise.all([options.port ?? freePort(), options.adminPort ?? freePort()]);
  const env = { LOG_LEVEL: 'info', ...options.env, PORT: String(port), ADMIN_PORT: String(adminPort), HOST: '127.0.0.1' };
  const child = startProcess({
    ...nodeProcess(options.script, [], env, options.nodeFlags ?? APP_NODE_FLAGS),
    name: options.name,
    onLine: options.onLine,
    keepLines: options.keepLines,
  });
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

/**
 * Node flags of every app process, as the image's ENTRYPOINT sets them (a test holds them equal):
 * V8's young generation capped at 4 MB per semi-space. Node 24 otherwise grows it to 64 MB per
 * semi-space under load; 4 rather than 8 took 4-8 MB off the apps' peaks under the journeys on
 * average (each under 150 MB in three runs) for scavenges twice as frequent, whose CPU the
 * benchmark's journeys could not tell from its noise (the README's benchmark section).
 */
export const APP_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];

/**
 * V8's old space per app in MB, as the chart's NODE_OPTIONS sets it for a pod
 * (deploy/helm/shop/values.yaml; a test holds them equal), so that the apps run locally, under the
 * tests and in the benchmark with the heap they have in a deploy. Under a cap this small V8 also
 * lets the heap grow less past its live size before collecting (without one it sizes the heap from
 * the machine's memory).
 */
export const APP_OLD_SPACE_MB: Readonly<Record<AppName, number>> = { gateway: 160, user: 160, inventory: 224, payment: 128, order: 160 };

/** The Node flags `app` runs with: the image's, and its old space as the chart sets it. */
export function appNodeFlags(app: AppName): string[] {
  return [...APP_NODE_FLAGS, `--max-old-space-size=${APP_OLD_SPACE_MB[app]}`];
}

/**
 * Runs a script with this Node, from the workspace root: a .ts file through tsx loaded in-process
 * (`node --import tsx`, so signals reach the script itself, not a wrapper) with the workspace aliases
 * (@shop/*) resolved; a bundle directly. The environment is inheritedEnv() plus `env`.
 */
function nodeProcess(script: string, args: string[], env: NodeJS.ProcessEnv = {}, nodeFlags: readonly string[] = []) {
  const root = repoRoot();
  const path = resolve(root, script);
  const tsx = path.endsWith('.ts');
  return {
    command: process.execPath,
    args: [...nodeFlags, ...(tsx ? ['--import', 'tsx'] : []), path, ...args],
    env: {
      // The apps refuse local conveniences (simulated processor, built-in keys) unless told they run locally.
      SHOP_PROFILE: 'local',
      ...inheritedEnv(),
      ...(tsx ? { TSX_TSCONFIG_PATH: join(root, 'tsconfig.base.json') } : {}),
      ...env,
    },
    cwd: root,
  };
}

/** Starts a TypeScript file (see nodeProcess) as a process with collected output. */
export function startTsxProcess(
  script: string,
  env: NodeJS.ProcessEnv = {},
  options: { name?: string; args?: string[] } = {},
): ProcessHandle {
  return startProcess({ ...nodeProcess(script, options.args ?? [], env), name: options.name ?? script.split('/').at(-1) ?? script });
}
