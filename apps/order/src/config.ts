import { databaseEnv, grpcTarget, redisEnv, serviceEnv, z } from '@shop/config';

/** Everything order reads from its environment; the defaults run it on a laptop. */
export const orderConfig = z.object({
  ...serviceEnv({ port: 50054, adminPort: 9054 }),
  ...databaseEnv('postgres://postgres:postgres@127.0.0.1:5432/shop_order'),
  ...redisEnv('redis://127.0.0.1:6379'),
  INVENTORY_ADDR: grpcTarget('dns:///127.0.0.1:50052'),
  PAYMENT_ADDR: grpcTarget('dns:///127.0.0.1:50053'),
});

export type OrderConfig = z.output<typeof orderConfig>;
