import './instrumentation'; // first: tracing must patch modules before anything loads them
import { runHttpService } from '@shop/service/http';
import { gatewayConfig } from './config';
import { registerEdge } from './edge';

void runHttpService({
  name: 'gateway',
  config: gatewayConfig,
  redis: { keyPrefix: 'gateway:' },
  register: registerEdge,
});
