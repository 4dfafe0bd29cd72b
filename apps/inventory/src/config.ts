import { databaseEnv, redisEnv, serviceEnv, z } from '@shop/config';

/** Everything inventory reads from its environment; the defaults run it on a laptop. */
export const inventoryConfig = z.object({
  ...serviceEnv({ port: 50052, adminPort: 9052 }),
  ...databaseEnv('postgres://postgres:postgres@127.0.0.1:5432/shop_inventory'),
  ...redisEnv('redis://127.0.0.1:6379'),
});

export type InventoryConfig = z.output<typeof inventoryConfig>;
