import './instrumentation'; // first: tracing must patch modules before anything loads them
import { runGrpcService } from '@shop/service';
import { join } from 'node:path';
import { paymentConfig } from './config';
import { faultInjector } from './faults';
import { paymentHandlers } from './handlers';
import { paymentMetrics } from './metrics';
import { Payments } from './payments';
import { simulatedProcessor } from './processor';
import { PaymentRepository } from './repository';

void runGrpcService({
  name: 'payment',
  config: paymentConfig,
  database: { migrationsDir: join(__dirname, 'migrations') },
  register: (app) => {
    const payments = new Payments({
      repository: new PaymentRepository(app.db),
      processor: simulatedProcessor,
      injectFault: faultInjector({
        latencyMs: app.config.PAYMENT_FAULT_LATENCY_MS,
        errorRate: app.config.PAYMENT_FAULT_ERROR_RATE,
        errorCode: app.config.PAYMENT_FAULT_ERROR_CODE,
      }),
      metrics: paymentMetrics(app.metrics.registry),
      logger: app.logger,
    });
    app.server.addService(app.protos.shop.payment.v1.PaymentService.service, paymentHandlers(payments));
  },
});
