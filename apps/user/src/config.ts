import { databaseEnv, redisEnv, serviceEnv, z } from '@shop/config';

/** Everything user reads from its environment; the defaults run it on a laptop. */
export const userConfig = z.object({
  ...serviceEnv({ port: 50051, adminPort: 9051 }),
  ...databaseEnv('postgres://postgres:postgres@127.0.0.1:5432/shop_user'),
  ...redisEnv('redis://127.0.0.1:6379'),
});

export type UserConfig = z.output<typeof userConfig>;
