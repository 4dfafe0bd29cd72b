import './instrumentation'; // first: the tracer provider is in place before the first span
import { runGrpcService } from '@shop/service';
import { join } from 'node:path';
import { Catalog } from './catalog/catalog';
import { ProductCache } from './catalog/product-cache';
import { ProductsRepository } from './catalog/products-repository';
import { inventoryConfig, LOCAL_DATABASE_URL, LOCAL_REDIS_URL, REDIS_KEY_PREFIX } from './config';
import { failureInjector, failureRatio } from './faults';
import { inventoryHandlers } from './handlers';
import { inventoryMetrics } from './metrics';
import { Reservations } from './reservations/reservations';
import { ReservationsRepository } from './reservations/reservations-repository';
import { sweeper } from './reservations/sweeper';
import { runSeedCommand } from './seed/seed';

const migrationsDir = join(__dirname, 'migrations');

if (process.argv[2] === 'seed') {
  void runSeedCommand(migrationsDir);
} else {
  void runGrpcService({
    name: 'inventory',
    config: inventoryConfig,
    database: { migrationsDir, defaultUrl: LOCAL_DATABASE_URL },
    redis: { keyPrefix: REDIS_KEY_PREFIX, defaultUrl: LOCAL_REDIS_URL },
    register: async (app) => {
      const { config } = app;
      await app.flags.define([failureRatio]);
      const cache = new ProductCache(app.redis, {
        namespace: config.CATALOG_CACHE_NAMESPACE,
        ttlMs: config.CATALOG_CACHE_TTL_MS,
        timeoutMs: config.CATALOG_CACHE_TIMEOUT_MS,
        logger: app.logger,
      });
      const reservations = new Reservations({
        repository: new ReservationsRepository(app.db),
        ttlMs: config.RESERVATION_TTL_MS,
        onStockChanged: (skus) => cache.invalidate(skus),
        metrics: inventoryMetrics(app.metrics.registry),
      });
      app.server.addService(
        app.protos.shop.inventory.v1.InventoryService.service,
        inventoryHandlers(new Catalog(new ProductsRepository(app.db), cache), reservations, failureInjector(app.flags)),
      );

      app.startWorker(
        sweeper({
          reservations,
          intervalMs: config.RESERVATION_SWEEP_INTERVAL_MS,
          batchSize: config.RESERVATION_SWEEP_BATCH_SIZE,
          batchTimeoutMs: config.RESERVATION_SWEEP_TIMEOUT_MS,
          logger: app.logger,
        }),
      );
    },
  });
}
