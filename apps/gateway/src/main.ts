import './instrumentation'; // first: the tracer provider is in place before the first span
import { runHttpService } from '@shop/service/http';
import { gatewayConfig } from './config';
import { registerEdge } from './edge';

void runHttpService({
  name: 'gateway',
  config: gatewayConfig,
  redis: { keyPrefix: 'gateway:', defaultUrl: 'redis://127.0.0.1:6379' },
  // Checkout's is the longest; every route tightens it to its own (routes/mount.ts).
  requestBudgetMs: (config) => Math.max(config.REQUEST_BUDGET_MS, config.CHECKOUT_BUDGET_MS),
  register: registerEdge,
});
