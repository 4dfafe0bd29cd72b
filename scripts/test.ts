// `npm test`: every check and every test of the workspace, on a real Postgres and a real Redis.
// DATABASE_URL / REDIS_URL point it at servers you run; otherwise it starts an embedded Postgres
// and a redis-server (Debian/Homebrew package `redis-server`/`redis`) for the run.
import { findOnPath, REDIS_MISSING, startEmbeddedPostgres, startRedisServer, type LocalServer } from '@shop/local-system';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { requireNode24, run } from './lib';

requireNode24();
const resultsDir = join(process.cwd(), 'tmp', 'test-results');
const logsDir = join(process.cwd(), 'tmp', 'test-logs');

const STATIC = '--outputStyle=static';
const BUILDS = ['run-many', '-t', 'build', STATIC];
// The checks and the tests in one run, three tasks at a time: most of a test's time is spent waiting
// on the processes it started, which the checks' compiling fills. The system tests that start the
// whole shop or measure it say `"parallelism": false` on their test target: Nx runs each alone.
const CHECKS_AND_TESTS = [
  'run-many',
  ...['-t', 'lint', 'typecheck', 'format-check', 'check-generated', 'test'],
  ...['--exclude=deploy', '--parallel=3', '--excludeTaskDependencies', STATIC],
];
const REHEARSAL = ['run', 'deploy:test', '--excludeTaskDependencies', STATIC];

async function main(): Promise<number> {
  if (!process.env.REDIS_URL && !findOnPath('redis-server')) {
    console.error(REDIS_MISSING);
    return 1;
  }
  const started: LocalServer[] = [];
  try {
    const postgres = process.env.DATABASE_URL ?? (await remember(started, startEmbeddedPostgres())).url;
    const redis = process.env.REDIS_URL ?? (await remember(started, startRedisServer())).url;
    const env = { ...process.env, DATABASE_URL: postgres, REDIS_URL: redis, SHOP_TEST_RESULTS_DIR: resultsDir, NX_TUI: 'false' };
    rmSync(resultsDir, { recursive: true, force: true });
    mkdirSync(resultsDir, { recursive: true });

    // The builds first, once: every later step uses their bundles (--excludeTaskDependencies), so no
    // two steps build one project at the same time and nothing is built twice.
    if ((await nx(BUILDS, env)) !== 0) {
      console.log('\nThe builds failed: no tests run.');
      return 1;
    }
    // Two lanes side by side: the deployment rehearsal (deploy:test), which mostly waits on its control
    // plane and on Flagger's analysis intervals, and everything else. Its output goes to a file and is
    // shown after the other lane's, so that the two are not interleaved.
    mkdirSync(logsDir, { recursive: true });
    const rehearsalLog = join(logsDir, 'deploy-test.log');
    const rehearsal = nx(REHEARSAL, env, rehearsalLog);
    let failed = (await nx(CHECKS_AND_TESTS, env)) !== 0;
    const rehearsalCode = await rehearsal;
    console.log(`\n=== the output of nx ${REHEARSAL.join(' ')}\n`);
    process.stdout.write(readFileSync(rehearsalLog));
    if (rehearsalCode !== 0) failed = true;
    const { passed, failures, brokenFiles } = summarize();
    if (brokenFiles.length > 0) console.log(`\nTest files that failed before their tests ran: ${brokenFiles.join(', ')}`);
    console.log(`\nTests: ${passed} passed, ${failures} failed`);
    return failed || failures > 0 || brokenFiles.length > 0 || passed === 0 ? 1 : 0;
  } finally {
    for (const server of started.reverse()) await server.stop().catch(() => undefined);
  }
}

/** Runs nx with these arguments, its output ours or in a file (then read it later); says how long it took. */
async function nx(args: string[], env: NodeJS.ProcessEnv, logFile?: string): Promise<number> {
  const command = `nx ${args.join(' ')}`;
  console.log(logFile ? `\n=== alongside: ${command} (output in ${logFile}, shown at the end)` : `\n=== ${command}`);
  const started = performance.now();
  const fd = logFile ? openSync(logFile, 'w') : undefined;
  const code = await run('nx', args, { env, ...(fd === undefined ? {} : { stdio: ['ignore', fd, fd] }) }).finally(
    () => fd !== undefined && closeSync(fd),
  );
  console.log(`\n=== ${command}: exit ${code} after ${Math.round((performance.now() - started) / 1000)} s`);
  return code;
}

async function remember(started: LocalServer[], starting: Promise<LocalServer>): Promise<LocalServer> {
  const server = await starting;
  started.push(server);
  return server;
}

/**
 * Adds up the JSON reports, one per project and runner. A Vitest file whose set-up failed (a
 * beforeAll that timed out) counts none of its tests as failed: it is listed by name instead.
 */
function summarize(): { passed: number; failures: number; brokenFiles: string[] } {
  let passed = 0;
  let failures = 0;
  const brokenFiles: string[] = [];
  if (!existsSync(resultsDir)) return { passed, failures, brokenFiles };
  for (const file of readdirSync(resultsDir)) {
    const report = JSON.parse(readFileSync(join(resultsDir, file), 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      testResults?: Array<{ name: string; status: string; assertionResults: Array<{ status: string }> }>;
    };
    passed += report.numPassedTests;
    failures += report.numFailedTests;
    for (const suite of report.testResults ?? []) {
      if (suite.status === 'failed' && !suite.assertionResults.some((test) => test.status === 'failed')) {
        brokenFiles.push(relative(process.cwd(), suite.name));
      }
    }
  }
  return { passed, failures, brokenFiles };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
