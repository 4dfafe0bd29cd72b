// `npm test`: every check and every test of the workspace, on a real Postgres and a real Redis.
// DATABASE_URL / REDIS_URL point it at servers you run; otherwise it starts an embedded Postgres
// and a redis-server (Debian/Homebrew package `redis-server`/`redis`) for the run.
import { findOnPath, REDIS_MISSING, startEmbeddedPostgres, startRedisServer, type LocalServer } from '@shop/local-system';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { requireNode24, run } from './lib';

requireNode24();
const resultsDir = join(process.cwd(), 'tmp', 'test-results');

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

    const steps: Array<[string, string[]]> = [
      ['checks', ['run-many', '-t', 'lint', 'typecheck', 'format-check', 'check-generated', 'build', '--outputStyle=static']],
      ['tests', ['run-many', '-t', 'test', '--parallel=1', '--outputStyle=static']],
    ];
    let failed = false;
    for (const [name, args] of steps) {
      console.log(`\n=== ${name}: nx ${args.join(' ')}`);
      if ((await run('nx', args, { env })) !== 0) failed = true;
    }
    const { passed, failures } = summarize();
    console.log(`\nTests: ${passed} passed, ${failures} failed`);
    return failed || failures > 0 || passed === 0 ? 1 : 0;
  } finally {
    for (const server of started.reverse()) await server.stop().catch(() => undefined);
  }
}

async function remember(started: LocalServer[], starting: Promise<LocalServer>): Promise<LocalServer> {
  const server = await starting;
  started.push(server);
  return server;
}

/** Adds up Vitest's JSON reports, one per project. */
function summarize(): { passed: number; failures: number } {
  let passed = 0;
  let failures = 0;
  if (!existsSync(resultsDir)) return { passed, failures };
  for (const file of readdirSync(resultsDir)) {
    const report = JSON.parse(readFileSync(join(resultsDir, file), 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
    };
    passed += report.numPassedTests;
    failures += report.numFailedTests;
  }
  return { passed, failures };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
