import './instrumentation'; // first: tracing must patch modules before anything loads them
import { runGrpcService } from '@shop/service';
import { join } from 'node:path';
import { paymentConfig } from './config';

void runGrpcService({
  name: 'payment',
  config: paymentConfig,
  database: { migrationsDir: join(__dirname, 'migrations') },
  register: () => {
    // The payment service's handlers are added here as the domain lands.
  },
});
