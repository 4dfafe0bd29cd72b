import { databaseEnv, serviceEnv, z } from '@shop/config';

/** Everything payment reads from its environment; the defaults run it on a laptop. */
export const paymentConfig = z.object({
  ...serviceEnv({ port: 50053, adminPort: 9053 }),
  ...databaseEnv('postgres://postgres:postgres@127.0.0.1:5432/shop_payment'),
});

export type PaymentConfig = z.output<typeof paymentConfig>;
