import { inject } from 'vitest';
import { POSTGRES_URL_ENV, REDIS_URL_ENV, RUN_ID_ENV } from './provided-context';

function provided(key: 'shopPostgresUrl' | 'shopRedisUrl' | 'shopTestRunId', envName: string): string {
  let value: string | undefined;
  try {
    value = inject(key);
  } catch {
    // Not inside a vitest worker: fall through to the environment.
  }
  value ??= process.env[envName];
  if (!value) {
    throw new Error(
      `${envName} is not set: run tests through vitest with libs/testing/src/global-setup.ts as globalSetup`,
    );
  }
  return value;
}

/** URL of the test Postgres server with rights to create databases (use `freshDatabase()` for tests). */
export function postgresAdminUrl(): string {
  return provided('shopPostgresUrl', POSTGRES_URL_ENV);
}

/** URL of the test Redis server. Tests share it: give each test file its own key prefix. */
export function redisUrl(): string {
  return provided('shopRedisUrl', REDIS_URL_ENV);
}

/** Identifies this test run; databases created by `freshDatabase()` carry it so teardown can find them. */
export function testRunId(): string {
  return provided('shopTestRunId', RUN_ID_ENV);
}
