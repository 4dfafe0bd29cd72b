import './instrumentation'; // first: tracing must patch modules before anything loads them
import { runGrpcService } from '@shop/service';
import { join } from 'node:path';
import { userConfig } from './config';

void runGrpcService({
  name: 'user',
  config: userConfig,
  database: { migrationsDir: join(__dirname, 'migrations') },
  redis: { keyPrefix: 'user:' },
  register: () => {
    // The user service's handlers are added here as the domain lands.
  },
});
