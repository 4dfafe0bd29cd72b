import './instrumentation'; // first: tracing must patch modules before anything loads them
import { runGrpcService } from '@shop/service';
import { join } from 'node:path';
import { inventoryConfig } from './config';

void runGrpcService({
  name: 'inventory',
  config: inventoryConfig,
  database: { migrationsDir: join(__dirname, 'migrations') },
  redis: { keyPrefix: 'inventory:' },
  register: () => {
    // The inventory service's handlers are added here as the domain lands.
  },
});
