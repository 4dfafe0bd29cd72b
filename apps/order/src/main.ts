import './instrumentation'; // first: tracing must patch modules before anything loads them
import { runGrpcService } from '@shop/service';
import { join } from 'node:path';
import { orderConfig } from './config';

void runGrpcService({
  name: 'order',
  config: orderConfig,
  database: { migrationsDir: join(__dirname, 'migrations') },
  redis: { keyPrefix: 'order:' },
  register: () => {
    // The order service's handlers are added here as the domain lands.
  },
});
