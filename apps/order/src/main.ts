import './instrumentation'; // first: the tracer provider is in place before the first span
import { runGrpcService } from '@shop/service';
import { join } from 'node:path';
import { CartStore, Carts } from './cart';
import { orderConfig } from './config';
import { cartServiceHandlers, orderServiceHandlers } from './handlers';
import { orderMetrics } from './metrics';
import { Orders } from './orders';
import { RecoveryWorker } from './recovery';
import { OrdersRepository } from './orders-repository';
import { CheckoutSaga } from './saga';

void runGrpcService({
  name: 'order',
  config: orderConfig,
  database: { migrationsDir: join(__dirname, 'migrations'), defaultUrl: 'postgres://postgres:postgres@127.0.0.1:5432/shop_order' },
  redis: { keyPrefix: 'order:', defaultUrl: 'redis://127.0.0.1:6379' },
  register: (app) => {
    const { config } = app;
    const downstream = { defaultTimeoutMs: config.DOWNSTREAM_TIMEOUT_MS };
    const inventory = app.client(app.protos.shop.inventory.v1.InventoryService.service, {
      target: config.INVENTORY_ADDR,
      name: 'inventory',
      ...downstream,
    });
    const payment = app.client(app.protos.shop.payment.v1.PaymentService.service, {
      target: config.PAYMENT_ADDR,
      name: 'payment',
      ...downstream,
    });
    const metrics = orderMetrics(app.metrics.registry);

    const carts = new CartStore(app.redis, {
      ttlSeconds: config.CART_TTL_SECONDS,
      maxQuantityPerLine: config.CART_MAX_QUANTITY_PER_LINE,
      maxLines: config.CART_MAX_LINES,
    });
    const repository = new OrdersRepository(app.db);
    const saga = new CheckoutSaga({
      repository,
      inventory,
      payment,
      logger: app.logger,
      outcomes: metrics.outcomes,
      settings: { leaseMs: config.ORDER_LEASE_MS, staleMs: config.RECOVERY_STALE_MS, maxBackoffMs: config.RECOVERY_MAX_BACKOFF_MS },
      onConfirmed: (order) => carts.clear(order.userId),
    });
    const orders = new Orders({
      repository,
      saga,
      carts,
      inventory,
      currencyCode: config.CURRENCY_CODE,
      maxWaitMs: config.PLACE_ORDER_MAX_WAIT_MS,
      logger: app.logger,
    });

    app.server.addService(app.protos.shop.order.v1.OrderService.service, orderServiceHandlers(orders));
    app.server.addService(
      app.protos.shop.order.v1.CartService.service,
      cartServiceHandlers(new Carts(carts, inventory, config.CURRENCY_CODE), { maxQuantityPerLine: config.CART_MAX_QUANTITY_PER_LINE }),
    );

    const recovery = new RecoveryWorker(
      repository,
      saga,
      app.logger,
      {
        intervalMs: config.RECOVERY_INTERVAL_MS,
        batchSize: config.RECOVERY_BATCH_SIZE,
        batchTimeoutMs: config.RECOVERY_BATCH_TIMEOUT_MS,
      },
      metrics,
    );
    app.startWorker(recovery.worker());
  },
});
