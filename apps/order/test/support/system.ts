import { shopProtos, type ServiceClient } from '@shop/rpc';
import { testClient } from '@shop/rpc/testing';
import type { CartServiceDefinition } from '@shop/rpc/generated/shop/order/v1/CartService';
import type { OrderServiceDefinition } from '@shop/rpc/generated/shop/order/v1/OrderService';
import type { Card } from '@shop/rpc/generated/shop/payment/v1/Card';
import { checkInvariants, freshDatabase, startApp, testAppEnv, type FreshDatabase, type InitialStock, type RunningApp } from '@shop/testing';
import { randomUUID } from 'node:crypto';
import pg from 'pg';

export type OrderClient = ServiceClient<OrderServiceDefinition>;
export type CartClient = ServiceClient<CartServiceDefinition>;

const YEAR = new Date().getUTCFullYear() + 3;
const card = (number: string): Card => ({ number, expMonth: 12, expYear: YEAR, cvc: '123', holderName: 'Ada Lovelace' });

/** PaymentService's simulated processor answers by these numbers. */
export const cards = {
  approved: card('4242424242424242'),
  declined: card('4000000000000002'),
  insufficientFunds: card('4000000000009995'),
  processorError: card('4000000000000119'),
};

/** Settings that make the recovery worker act within a test's patience. */
export const FAST_RECOVERY = {
  RECOVERY_INTERVAL_MS: '200',
  RECOVERY_STALE_MS: '1500',
  RECOVERY_MAX_BACKOFF_MS: '2000',
  RECOVERY_BATCH_TIMEOUT_MS: '2500',
  ORDER_LEASE_MS: '3000',
  BREAKER_RESET_TIMEOUT_MS: '500',
};

export interface SystemOptions {
  orderEnv?: Record<string, string>;
  paymentEnv?: Record<string, string>;
}

/**
 * inventory, payment and order as real processes, each on its own fresh database, with direct
 * access to all three databases to arrange products and to check what the calls did.
 */
export class ShopSystem {
  inventory!: RunningApp;
  payment!: RunningApp;
  order!: RunningApp;
  orders!: OrderClient;
  carts!: CartClient;
  private readonly initialStock: InitialStock = {};
  private readonly pools: pg.Pool[] = [];
  inventoryDb!: pg.Pool;
  paymentDb!: pg.Pool;
  orderDb!: pg.Pool;

  private constructor(
    readonly databases: { order: FreshDatabase; inventory: FreshDatabase; payment: FreshDatabase },
    private readonly options: SystemOptions,
  ) {}

  static async start(options: SystemOptions = {}): Promise<ShopSystem> {
    const [order, inventory, payment] = await Promise.all([freshDatabase('order'), freshDatabase('inventory'), freshDatabase('payment')]);
    const system = new ShopSystem({ order, inventory, payment }, options);
    [system.inventory, system.payment] = await Promise.all([
      system.startInventory(),
      startApp('payment', { mode: 'source', env: { DATABASE_URL: payment.url, ...options.paymentEnv } }),
    ]);
    await system.startOrder();
    system.inventoryDb = system.pool(inventory.url);
    system.paymentDb = system.pool(payment.url);
    system.orderDb = system.pool(order.url);
    return system;
  }

  /** (Re)starts inventory on its database; order must be restarted to reach it at its new address. */
  async startInventory(env: Record<string, string> = {}): Promise<RunningApp> {
    this.inventory = await startApp('inventory', {
      mode: 'source',
      env: { ...testAppEnv('inventory'), DATABASE_URL: this.databases.inventory.url, ...env },
    });
    return this.inventory;
  }

  /** (Re)starts order on its database, pointed at the running inventory and payment. */
  async startOrder(env: Record<string, string> = {}): Promise<RunningApp> {
    this.order = await startApp('order', {
      mode: 'source',
      env: {
        ...testAppEnv('order'),
        DATABASE_URL: this.databases.order.url,
        INVENTORY_ADDR: this.inventory.grpcAddress,
        PAYMENT_ADDR: this.payment.grpcAddress,
        ...FAST_RECOVERY,
        ...this.options.orderEnv,
        ...env,
      },
    });
    this.orders?.close();
    this.carts?.close();
    const services = shopProtos().grpcObject.shop.order.v1;
    this.orders = testClient(services.OrderService.service, this.order.grpcAddress, { defaultTimeoutMs: 20_000 });
    this.carts = testClient(services.CartService.service, this.order.grpcAddress, { defaultTimeoutMs: 20_000 });
    return this.order;
  }

  /** Puts products on the shelf (straight into inventory's table) and remembers their initial stock. */
  async addProducts(products: Array<{ sku: string; stock: number; priceMinor?: number }>): Promise<void> {
    for (const product of products) {
      await this.inventoryDb.query(
        `INSERT INTO products (sku, name, price_minor, currency_code, stock) VALUES ($1, $2, $3, 'EUR', $4)`,
        [product.sku, `Product ${product.sku}`, product.priceMinor ?? 1000, product.stock],
      );
      this.initialStock[product.sku] = product.stock;
    }
  }

  invariants(): Promise<string[]> {
    return checkInvariants(
      { orderUrl: this.databases.order.url, paymentUrl: this.databases.payment.url, inventoryUrl: this.databases.inventory.url },
      this.initialStock,
    );
  }

  async paymentOf(orderId: string): Promise<{ state: string; amount_minor: string | null } | undefined> {
    return (await this.paymentDb.query('SELECT state, amount_minor FROM payments WHERE order_id = $1', [orderId])).rows[0];
  }

  async reservationOf(orderId: string): Promise<string | undefined> {
    return (await this.inventoryDb.query('SELECT state FROM reservations WHERE order_id = $1', [orderId])).rows[0]?.state;
  }

  async stockOf(sku: string): Promise<number> {
    return (await this.inventoryDb.query('SELECT stock FROM products WHERE sku = $1', [sku])).rows[0]?.stock;
  }

  async paymentCount(): Promise<number> {
    return Number((await this.paymentDb.query('SELECT count(*) FROM payments')).rows[0].count);
  }

  /** Orders not yet at rest. */
  async ordersInFlight(): Promise<number> {
    return Number((await this.orderDb.query('SELECT count(*) FROM orders WHERE step IS NOT NULL')).rows[0].count);
  }

  /** Polls until every order is at rest; fails the test after `timeoutMs`. */
  async waitForQuiet(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const inFlight = await this.ordersInFlight();
      if (inFlight === 0) return;
      if (Date.now() > deadline) throw new Error(`${inFlight} orders still in flight after ${timeoutMs} ms\n${this.order.process.output().slice(-5000)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async stop(): Promise<void> {
    this.orders?.close();
    this.carts?.close();
    await Promise.all([this.order, this.inventory, this.payment].map((app) => app?.process.kill()));
    await Promise.all(this.pools.map((pool) => pool.end()));
    await Promise.all(Object.values(this.databases).map((db) => db.drop()));
  }

  private pool(url: string): pg.Pool {
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    // An idle client whose backend the server ends (a database dropped with FORCE, a restart) emits
    // 'error' on the pool; unheard, it is an uncaught error of the test process, not of the shop.
    pool.on('error', () => undefined);
    this.pools.push(pool);
    return pool;
  }
}

export function newUser(): string {
  return `user-${randomUUID()}`;
}

export { failure } from '@shop/testing';
