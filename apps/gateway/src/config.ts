import { grpcTarget, redisEnv, serviceEnv, z } from '@shop/config';

/** Everything gateway reads from its environment; the defaults run it on a laptop. */
export const gatewayConfig = z.object({
  ...serviceEnv({ port: 8080, adminPort: 9080 }),
  ...redisEnv('redis://127.0.0.1:6379'),
  USER_ADDR: grpcTarget('dns:///127.0.0.1:50051'),
  INVENTORY_ADDR: grpcTarget('dns:///127.0.0.1:50052'),
  ORDER_ADDR: grpcTarget('dns:///127.0.0.1:50054'),
});

export type GatewayConfig = z.output<typeof gatewayConfig>;
