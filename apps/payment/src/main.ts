import './instrumentation'; // first: the tracer provider is in place before the first span
import { runGrpcService } from '@shop/service';
import { join } from 'node:path';
import { exitWithConfigErrors } from '@shop/config';
import { paymentConfig, paymentConfigRefusals } from './config';
import { faultInjector } from './faults';
import { faultSource, paymentFlags } from './flags';
import { paymentHandlers } from './handlers';
import { paymentMetrics } from './metrics';
import { Payments } from './payments';
import { cardProcessor } from './processor';
import { PaymentsRepository } from './payments-repository';

void runGrpcService({
  name: 'payment',
  config: paymentConfig,
  database: { migrationsDir: join(__dirname, 'migrations'), defaultUrl: 'postgres://postgres:postgres@127.0.0.1:5432/shop_payment' },
  register: async (app) => {
    const refusals = paymentConfigRefusals(app.config);
    if (refusals.length > 0) exitWithConfigErrors(refusals);
    const defined = paymentFlags(app.config);
    await app.flags.define(Object.values(defined));
    const payments = new Payments({
      repository: new PaymentsRepository(app.db),
      processor: cardProcessor(app.config.PAYMENT_PROCESSOR),
      injectFault: faultInjector(faultSource(app.flags, defined)),
      metrics: paymentMetrics(app.metrics.registry),
      logger: app.logger,
    });
    app.server.addService(app.protos.shop.payment.v1.PaymentService.service, paymentHandlers(payments));
  },
});
