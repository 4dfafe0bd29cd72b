/*
 * Checked by the typecheck target (tsc), never run: an app gets `app.db` only when its spec declares
 * `database`, and `app.redis` only when it declares `redis`. If the types stopped enforcing that, the
 * `@ts-expect-error` lines below would become unused and typecheck would fail.
 */
import { z } from '@shop/config';
import type Redis from 'ioredis';
import type { Pool } from 'pg';
import { runGrpcService } from '../src';
import { runHttpService } from '../src/http';

const config = z.object({ GREETING: z.string().default('hello') });
const database = { migrationsDir: 'migrations', defaultUrl: 'postgres://localhost/example' };
const redis = { keyPrefix: 'example:', defaultUrl: 'redis://localhost:6379' };

export function grpcAppWithoutDependencies(): void {
  void runGrpcService({
    name: 'example',
    config,
    register(app) {
      // @ts-expect-error no `database` in the spec: no app.db
      void app.db;
      // @ts-expect-error no `redis` in the spec: no app.redis
      void app.redis;
      // @ts-expect-error nor the config the chassis adds for a database
      void app.config.DATABASE_URL;
    },
  });
}

export function httpAppWithoutDependencies(): void {
  void runHttpService({
    name: 'example',
    config,
    requestBudgetMs: () => 1_000,
    register(app) {
      // @ts-expect-error no `database` in the spec: no app.db
      void app.db;
      // @ts-expect-error no `redis` in the spec: no app.redis
      void app.redis;
    },
  });
}

export function grpcAppWithBoth(): void {
  void runGrpcService({
    name: 'example',
    config,
    database,
    redis,
    register(app) {
      const db: Pool = app.db;
      const client: Redis = app.redis;
      const url: string = app.config.DATABASE_URL;
      const greeting: string = app.config.GREETING;
      void [db, client, url, greeting];
    },
  });
}

export function httpAppWithRedisOnly(): void {
  void runHttpService({
    name: 'example',
    config,
    redis,
    requestBudgetMs: () => 1_000,
    register(app) {
      const client: Redis = app.redis;
      void client;
      // @ts-expect-error Redis declared, a database not: no app.db
      void app.db;
    },
  });
}
