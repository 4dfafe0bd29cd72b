// The whole shop for the fault matrix: the five apps from their bundles, each behind a service
// address (a balancer, as a Kubernetes Service), one embedded Postgres and one redis-server for the
// services, and a redis-server of the gateway's own, each of which a fault can stop, freeze, kill or
// restart for real.
import {
  checkInvariants,
  freePort,
  runAppCommand,
  singleClientEnv,
  startApp,
  startEmbeddedPostgres,
  startRedisServer,
  SYSTEM_APPS,
  systemAppEnv,
  systemDatabases,
  type AppName,
  type DatabaseApp,
  type InitialStock,
  type LocalServer,
  type RunningApp,
  type SystemOptions,
} from '@shop/local-system';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startBalancer, type Balancer } from './balancer';

/**
 * Settings of the drill, not of production: one client address drives everything (edge and login
 * address limits lifted; the per-account login limit stays), cheap password hashing, and an order
 * recovery worker that re-drives an interrupted checkout after 5 s instead of 30 s, so that every
 * order is at rest soon after each fault.
 */
const singleClient = singleClientEnv();
const DRILL_ENV: Record<AppName, Record<string, string>> = {
  ...singleClient,
  user: { ...singleClient.user, SCRYPT_LOG2_N: '10', LOGIN_FREE_FAILURES_PER_ADDRESS: '100000' },
  order: {
    ...singleClient.order,
    CURRENCY_CODE: 'EUR',
    RECOVERY_INTERVAL_MS: '500',
    RECOVERY_STALE_MS: '5000',
    RECOVERY_MAX_BACKOFF_MS: '3000',
    RECOVERY_BATCH_TIMEOUT_MS: '5000',
    ORDER_LEASE_MS: '6000',
  },
};
/** Units added to every product of the demo catalog, so that the load never runs out of stock. */
const RESTOCK = 100_000;

/** What an app logged that says a request failed on a bug (INTERNAL, a 500), not on an outage. */
export interface InternalError {
  app: AppName;
  msg: string;
  error: string;
}

export class ChaosShop {
  /** The replicas in service now (one each, two during a rolling restart). */
  readonly replicas = Object.fromEntries(SYSTEM_APPS.map((app) => [app, [] as RunningApp[]])) as Record<AppName, RunningApp[]>;
  readonly internalErrors: InternalError[] = [];
  initialStock: InitialStock = {};
  private wiring!: Pick<SystemOptions, 'databases' | 'redisUrl' | 'jwtKeyDir' | 'env'>;

  private constructor(
    private readonly dir: string,
    readonly balancers: Record<AppName, Balancer>,
    public postgres: LocalServer,
    private readonly postgresPort: number,
    public redis: LocalServer,
    private readonly redisPort: number,
    public gatewayRedis: LocalServer,
    private readonly gatewayRedisPort: number,
  ) {}

  static async start(log: (line: string) => void): Promise<ChaosShop> {
    const dir = mkdtempSync(join(tmpdir(), 'shop-chaos-'));
    chmodSync(dir, 0o755); // Postgres runs as its own user when we are root, and must reach its data inside
    const [postgresPort, redisPort, gatewayRedisPort] = [await freePort(), await freePort(), await freePort()];
    log('starting Postgres and two redis-servers (the services\' and the gateway\'s own)');
    const [postgres, redis, gatewayRedis] = await Promise.all([
      startEmbeddedPostgres({ dataDir: join(dir, 'postgres'), port: postgresPort }),
      startRedisServer({ port: redisPort }),
      startRedisServer({ port: gatewayRedisPort }),
    ]);
    const balancers = Object.fromEntries(await Promise.all(SYSTEM_APPS.map(async (app) => [app, await startBalancer()] as const))) as Record<AppName, Balancer>;
    const shop = new ChaosShop(dir, balancers, postgres, postgresPort, redis, redisPort, gatewayRedis, gatewayRedisPort);
    try {
      writeFileSync(shop.flagsFile, JSON.stringify({ flags: {} }));
      const flagged = {} as Record<AppName, Record<string, string>>;
      for (const app of SYSTEM_APPS) flagged[app] = { ...DRILL_ENV[app], FLAGS_FILE: shop.flagsFile };
      shop.wiring = {
        databases: systemDatabases(postgres.url),
        redisUrl: redis.url,
        jwtKeyDir: join(dir, 'keys'),
        env: { ...flagged, gateway: { ...flagged.gateway, REDIS_URL: gatewayRedis.url } },
      };
      log('loading the demo catalog');
      await runAppCommand('inventory', 'seed', { mode: 'built', env: shop.envOf('inventory') });
      log('starting the five apps from their bundles');
      await Promise.all(SYSTEM_APPS.map((app) => shop.startReplica(app)));
      shop.initialStock = await shop.restock();
    } catch (error) {
      await shop.stop();
      throw error;
    }
    return shop;
  }

  /** The run-time flags file every app follows (FLAGS_FILE). */
  get flagsFile(): string {
    return join(this.dir, 'flags.json');
  }

  /**
   * Sets run-time flags for the whole system (every flag not named goes back to its default) and
   * waits until `app` has them in force (its feature_flag_value gauge).
   */
  async setFlags(values: Record<string, number>, app: AppName): Promise<void> {
    const flags = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { state: 'ENABLED', variants: { on: value }, defaultVariant: 'on' }]));
    writeFileSync(this.flagsFile, JSON.stringify({ flags }));
    const replica = this.replicas[app][0];
    if (!replica) throw new Error(`${app} has no replica`);
    const inForce = async () => {
      const text = await (await fetch(`http://127.0.0.1:${replica.adminPort}/metrics`)).text();
      return Object.entries(values).every(([key, value]) => new RegExp(`^feature_flag_value\\{flag="${key}"[^}]*\\} ${value}$`, 'm').test(text));
    };
    const deadline = Date.now() + 30_000;
    while (!(await inForce())) {
      if (Date.now() > deadline) throw new Error(`${app} did not take the flags ${JSON.stringify(values)} within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  get gatewayUrl(): string {
    return `http://${this.balancers.gateway.address}`;
  }

  get databases(): Record<DatabaseApp, string> {
    return this.wiring.databases;
  }

  /** A new replica of `app`, in service once ready (its address joins the balancer). */
  async startReplica(app: AppName): Promise<RunningApp> {
    const replica = await startApp(app, {
      mode: 'built',
      env: this.envOf(app),
      keepLines: 200,
      startTimeoutMs: 60_000,
      onLine: (line) => this.watch(app, line),
    });
    await replica.process.waitForHttp(`http://127.0.0.1:${replica.adminPort}/readyz`, 60_000);
    this.replicas[app].push(replica);
    this.balancers[app].add(replica.port);
    return replica;
  }

  /** SIGKILL, as an OOM kill or a lost node: every replica at once, out of the balancer. */
  async kill(app: AppName): Promise<void> {
    const replicas = this.replicas[app].splice(0);
    for (const replica of replicas) this.balancers[app].remove(replica.port);
    await Promise.all(replicas.map((replica) => replica.process.kill()));
  }

  /** A rolling restart with surge: the new replica is ready before the old one leaves the balancer and gets SIGTERM. */
  async rollingRestart(app: AppName): Promise<void> {
    const old = this.replicas[app].splice(0);
    await this.startReplica(app);
    for (const replica of old) this.balancers[app].remove(replica.port);
    const exits = await Promise.all(old.map((replica) => replica.stop('SIGTERM')));
    const bad = exits.find((exit) => exit.code !== 0);
    if (bad) throw new Error(`${app} exited ${JSON.stringify(bad)} on SIGTERM`);
  }

  /** SIGSTOP / SIGCONT: the process holds its connections and answers nothing, as a stuck one does. */
  signal(app: AppName, signal: 'SIGSTOP' | 'SIGCONT'): void {
    for (const replica of this.replicas[app]) process.kill(replica.process.pid, signal);
  }

  signalRedis(signal: 'SIGSTOP' | 'SIGCONT'): void {
    if (this.redis.pid === undefined) throw new Error('redis-server has no pid');
    process.kill(this.redis.pid, signal);
  }

  async stopRedis(which: 'services' | 'gateway'): Promise<void> {
    await (which === 'services' ? this.redis : this.gatewayRedis).stop();
  }

  /** Starts the stopped Redis again on its port, empty (no persistence), as a restarted cache is. */
  async startRedis(which: 'services' | 'gateway'): Promise<void> {
    if (which === 'services') this.redis = await startRedisServer({ port: this.redisPort });
    else this.gatewayRedis = await startRedisServer({ port: this.gatewayRedisPort });
  }

  async stopPostgres(): Promise<void> {
    await this.postgres.stop();
  }

  async startPostgres(): Promise<void> {
    this.postgres = await startEmbeddedPostgres({ dataDir: join(this.dir, 'postgres'), port: this.postgresPort });
  }

  /** Resets every connection `app` holds to its database (pg_terminate_backend), as a failover or a proxy restart does. */
  async resetConnections(app: DatabaseApp): Promise<number> {
    const rows = await this.sql<{ terminated: boolean }>(
      this.postgres.url,
      'SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [`shop_${app}`],
    );
    return rows.filter((row) => row.terminated).length;
  }

  async ordersInFlight(): Promise<number> {
    const [row] = await this.sql<{ count: string }>(this.databases.order, 'SELECT count(*) FROM orders WHERE step IS NOT NULL');
    return Number(row?.count ?? 0);
  }

  /** Polls until every order is at rest; false when some are still in flight after `timeoutMs`. */
  async waitForRest(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.ordersInFlight()) > 0) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return true;
  }

  /** The checkout invariants across the three databases (order's tests use the same check). */
  invariants(): Promise<string[]> {
    const { order, payment, inventory } = this.databases;
    return checkInvariants({ orderUrl: order, paymentUrl: payment, inventoryUrl: inventory }, this.initialStock);
  }

  async stop(): Promise<void> {
    await Promise.all(SYSTEM_APPS.flatMap((app) => this.replicas[app].splice(0).map((replica) => replica.process.kill())));
    await Promise.all(Object.values(this.balancers).map((balancer) => balancer.close()));
    for (const server of [this.gatewayRedis, this.redis, this.postgres]) await server.stop().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private envOf(app: AppName): Record<string, string> {
    return systemAppEnv(app, this.wiring, (target) => this.balancers[target].address);
  }

  /** Keeps the log lines that say a request failed on a bug: `rpc failed` (INTERNAL) or a 500. */
  private watch(app: AppName, line: string): void {
    if (!line.startsWith('{') || !line.includes('failed')) return;
    let log: { msg?: string; status?: number; err?: { message?: string } };
    try {
      log = JSON.parse(line) as typeof log;
    } catch {
      return;
    }
    const internal = log.msg === 'rpc failed' || (log.msg === 'request failed' && (log.status === undefined || log.status === 500));
    if (internal) this.internalErrors.push({ app, msg: log.msg ?? '', error: log.err?.message ?? '' });
  }

  /** The demo catalog plus RESTOCK of everything; answers each product's stock, the invariants' starting point. */
  private async restock(): Promise<InitialStock> {
    const rows = await this.sql<{ sku: string; stock: number }>(this.databases.inventory, 'UPDATE products SET stock = stock + $1 RETURNING sku, stock', [RESTOCK]);
    return Object.fromEntries(rows.map((row) => [row.sku, row.stock]));
  }

  private async sql<R extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<R[]> {
    const client = new pg.Client({ connectionString: url, application_name: 'chaos' });
    await client.connect();
    try {
      return (await client.query<R>(text, params)).rows;
    } finally {
      await client.end();
    }
  }
}
