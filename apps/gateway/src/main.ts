import './instrumentation'; // first: tracing must patch modules before anything loads them
import { runHttpService } from '@shop/service/http';
import { gatewayConfig } from './config';

void runHttpService({
  name: 'gateway',
  config: gatewayConfig,
  redis: { keyPrefix: 'gateway:' },
  register: () => {
    // The /api/v1 routes are added here as the edge lands.
  },
});
