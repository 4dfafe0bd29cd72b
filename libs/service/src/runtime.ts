import { createBreaker, type Breaker } from '@shop/breakers';
import { exitWithConfigErrors, LOG_LEVELS, loadConfig, type z } from '@shop/config';
import { checkDatabase, createPool, migrate, poolStats } from '@shop/db';
import { faultFlags, followHogs, RuntimeFlags } from '@shop/flags';
import { createLogger, exitAfterFlush as exit, type Logger } from '@shop/logging';
import {
  createDiagnostics,
  createMetrics,
  registerPoolMetrics,
  startAdminServer,
  type Metrics,
} from '@shop/metrics';
import { checkRedis, createRedis } from '@shop/redis';
import {
  channelCredentials,
  createClient,
  isTargetFailure,
  readTlsDirectory,
  shopProtos,
  type ClientOptions,
  type RpcMetrics,
  type ServiceClient,
  type TlsMaterial,
} from '@shop/rpc';
import { shutdownTracing } from '@shop/tracing';
import type { ServiceDefinition } from '@grpc/grpc-js';
import type Redis from 'ioredis';
import type { Pool } from 'pg';
import {
  configSchema,
  transportRefusals,
  type ChassisConfig,
  type ConfigOf,
  type DatabaseConfig,
  type DatabaseSpec,
  type RedisConfig,
  type RedisSpec,
} from './env';
import { operationalFlags, type OperationalFlags } from './flags';
import { rpcMetrics } from './rpc-metrics';
import { startWorker, type Worker, type WorkerOptions } from './worker';

type ShopProtos = ReturnType<typeof shopProtos>['grpcObject'];

export interface BaseSpec<S extends z.ZodObject, D extends DatabaseSpec | undefined = undefined, R extends RedisSpec | undefined = undefined> {
  /** The app's name: service.name in telemetry, the log `service` field, the Postgres application_name. */
  name: string;
  /** The app's own config schema (see `@shop/config`); the chassis adds its settings and those of `database`/`redis`. */
  config: S;
  /** Owns a Postgres database: DATABASE_URL/DB_POOL_MAX in config, a pool as `app.db`, `migrate` sub-command, readiness check. */
  database?: D;
  /** Uses Redis: REDIS_URL/REDIS_KEY_PREFIX in config, a client as `app.redis`, its state logged. */
  redis?: R;
}

/** What runGrpcService and runHttpService resolve with once the service is listening. */
export interface RunningService {
  port: number;
  adminPort: number;
  shutdown(): Promise<void>;
}

/** What an app's wiring receives: its config and its open dependencies. */
export interface ServiceBase<C> {
  readonly name: string;
  /** shop's protos, typed: `app.protos.shop.user.v1.UserService.service`. */
  readonly protos: ShopProtos;
  readonly config: C;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Run-time flags (FLAGS_FILE): the chassis' faults and settings; an app adds its own with `define`. */
  readonly flags: RuntimeFlags;
  /**
   * A client for a downstream service: deadline propagation, retries for idempotent methods, a
   * circuit breaker named after the target, client-side RED metrics. Closed on shutdown.
   */
  client<D extends ServiceDefinition>(
    service: D | { service: D },
    options: ClientOptions & { name: string },
  ): ServiceClient<D>;
  /** Runs during shutdown after the listener stopped taking requests, before pools close. */
  onShutdown(hook: () => Promise<void> | void): void;
  /** Starts background work on a timer (see startWorker); it is stopped on shutdown. */
  startWorker(options: WorkerOptions): Worker;
}

/** `db` exists exactly when the spec declares `database`, `redis` when it declares `redis`: checked at compile time. */
export type ServiceContext<S extends z.ZodObject, D, R> = ServiceBase<ConfigOf<S, D, R>> &
  (D extends DatabaseSpec ? { readonly db: Pool } : unknown) &
  (R extends RedisSpec ? { readonly redis: Redis } : unknown);

/** The parts every service shares, whatever it serves: config through telemetry to shutdown. */
export class ServiceRuntime<C extends ChassisConfig> implements ServiceBase<C> {
  readonly rpcMetrics: RpcMetrics;
  /** gRPC mutual TLS material (GRPC_TLS_DIR); undefined: plaintext. */
  tls: TlsMaterial | undefined;
  private readonly hooks: Array<() => Promise<void> | void> = [];
  private readonly closers: Array<() => void> = [];
  private readonly breakers = new Map<string, Breaker>();
  private pool: Pool | undefined;
  private redisClient: Redis | undefined;
  private shuttingDown = false;
  private ready = false;
  private readinessTimer: NodeJS.Timeout | undefined;
  private adminClose: (() => Promise<void>) | undefined;
  flags!: RuntimeFlags;
  settings!: OperationalFlags;

  private constructor(
    readonly name: string,
    readonly config: C,
    readonly logger: Logger,
    readonly metrics: Metrics,
  ) {
    this.rpcMetrics = rpcMetrics(metrics);
  }

  /**
   * Validates config (exiting 78 with every bad variable listed), handles the `migrate` sub-command,
   * and opens the database and Redis.
   */
  static async open<S extends z.ZodObject, D extends DatabaseSpec | undefined, R extends RedisSpec | undefined>(
    spec: BaseSpec<S, D, R>,
  ): Promise<ServiceRuntime<ConfigOf<S, D, R>>> {
    const config: ConfigOf<S, D, R> & Partial<DatabaseConfig & RedisConfig> = loadConfig(configSchema(spec));
    const logger = createLogger({ service: spec.name, level: config.LOG_LEVEL });

    if (process.argv[2] === 'migrate') {
      try {
        await runMigrations(spec, config, logger);
        await exit(logger, 0);
      } catch (error) {
        logger.fatal({ err: error }, 'migration failed');
        await exit(logger, 1);
      }
    }

    // Serving settings only: a migration (above) opens no gRPC channel.
    const refusals = transportRefusals(config);
    if (refusals.length > 0) exitWithConfigErrors(refusals);
    const runtime = new ServiceRuntime(spec.name, config, logger, createMetrics({ service: spec.name }));
    if (config.GRPC_TLS_DIR !== undefined) {
      runtime.tls = readTlsDirectory(config.GRPC_TLS_DIR, { reloadIntervalMs: config.GRPC_TLS_RELOAD_MS });
      logger.info({ dir: config.GRPC_TLS_DIR }, 'gRPC mutual TLS on');
    }
    runtime.settings = operationalFlags(config);
    runtime.flags = await RuntimeFlags.open({
      path: config.FLAGS_FILE,
      flags: [...Object.values(faultFlags), ...Object.values(runtime.settings)],
      context: { service: spec.name },
      logger,
      registry: runtime.metrics.registry,
    });
    runtime.closers.push(followHogs(runtime.flags));
    if (spec.database && config.DATABASE_URL) {
      if (config.MIGRATE_ON_START) await runMigrations(spec, config, logger);
      const pool = createPool({
        connectionString: config.DATABASE_URL,
        applicationName: spec.name,
        max: config.DB_POOL_MAX,
        preparedStatements: config.DB_PREPARED_STATEMENTS,
        onError: (error: Error) => logger.warn({ err: error }, 'idle Postgres connection failed'),
      });
      registerPoolMetrics(runtime.metrics.registry, spec.name, () => poolStats(pool));
      runtime.pool = pool;
    }
    if (spec.redis && config.REDIS_URL) {
      const redis = createRedis({
        url: config.REDIS_URL,
        keyPrefix: config.REDIS_KEY_PREFIX ?? spec.redis.keyPrefix,
        registry: runtime.metrics.registry,
      });
      redis.on('error', (error: Error) => logger.debug({ err: error }, 'redis connection error'));
      runtime.redisClient = redis;
    }
    return runtime;
  }

  get protos(): ShopProtos {
    return shopProtos().grpcObject;
  }

  /** The context an app's wiring sees (`db` and `redis` only when declared), plus what the serving side adds. */
  contextWith<E extends object>(extras: E): ServiceBase<C> & { readonly db?: Pool; readonly redis?: Redis } & E {
    return {
      name: this.name,
      protos: this.protos,
      config: this.config,
      logger: this.logger,
      metrics: this.metrics,
      flags: this.flags,
      ...(this.pool ? { db: this.pool } : {}),
      ...(this.redisClient ? { redis: this.redisClient } : {}),
      client: (service, options) => this.client(service, options),
      onShutdown: (hook) => this.onShutdown(hook),
      startWorker: (options) => this.startWorker(options),
      ...extras,
    };
  }

  get isReady(): boolean {
    return this.ready && !this.shuttingDown;
  }

  client<D extends ServiceDefinition>(
    service: D | { service: D },
    options: ClientOptions & { name: string },
  ): ServiceClient<D> {
    const client = createClient(service, {
      metrics: this.rpcMetrics,
      breaker: this.breakerFor(options.name),
      credentials: channelCredentials(this.tls),
      channels: this.config.GRPC_CLIENT_CHANNELS,
      ...options,
    });
    this.closers.push(() => client.close());
    return client;
  }

  /** One breaker per downstream target, shared by every client of it. */
  private breakerFor(target: string): Breaker {
    let breaker = this.breakers.get(target);
    if (!breaker) {
      breaker = createBreaker({
        target,
        registry: this.metrics.registry,
        isFailure: isTargetFailure,
        resetTimeoutMs: this.config.BREAKER_RESET_TIMEOUT_MS,
        volumeThreshold: this.config.BREAKER_VOLUME_THRESHOLD,
        errorThresholdPercentage: this.config.BREAKER_ERROR_THRESHOLD_PERCENT,
      });
      const tuned = breaker;
      this.flags.watch(this.settings.breakerErrorThresholdPercent, (errorThresholdPercentage) => tuned.setThresholds({ errorThresholdPercentage }));
      this.flags.watch(this.settings.breakerResetTimeoutMs, (resetTimeoutMs) => tuned.setThresholds({ resetTimeoutMs }));
      this.breakers.set(target, breaker);
      this.closers.push(() => breaker?.shutdown());
    }
    return breaker;
  }

  onShutdown(hook: () => Promise<void> | void): void {
    this.hooks.push(hook);
  }

  startWorker(options: WorkerOptions): Worker {
    const worker = startWorker(options, this.logger, this.metrics.registry);
    this.onShutdown(() => worker.stop());
    return worker;
  }

  /**
   * Starts the admin port and the readiness loop. Readiness reflects what this app cannot serve
   * anything without (its database), never downstream services: an outage behind us must not take us, and everyone calling
   * us, out of rotation too.
   */
  async startAdmin(onReadinessChange: (ready: boolean) => void): Promise<number> {
    // Redis is not part of readiness: every app still serves something correct without it (the
    // catalog from Postgres, order reads, logins with per-replica limits), and an unready pod would
    // lose that too. Its state is logged as it changes.
    let redisUp: boolean | undefined;
    const check = async () => {
      const [database, redis] = await Promise.all([
        this.pool ? checkDatabase(this.pool) : true,
        this.redisClient ? checkRedis(this.redisClient) : true,
      ]);
      const next = !this.shuttingDown && database;
      if (next !== this.ready) this.logger.info({ ready: next, database }, 'readiness changed');
      if (redis !== redisUp && redisUp !== undefined) this.logger.warn({ redis }, redis ? 'redis reachable again' : 'redis unreachable');
      redisUp = redis;
      this.ready = next;
      onReadinessChange(next);
    };
    await check();
    this.readinessTimer = setInterval(() => void check(), this.config.READINESS_INTERVAL_MS);
    this.readinessTimer.unref();
    const admin = await startAdminServer({
      host: this.config.HOST,
      port: this.config.ADMIN_PORT,
      registry: this.metrics.registry,
      readiness: () => this.isReady,
      diagnostics: this.diagnostics(),
    });
    this.adminClose = () => admin.close();
    return admin.port;
  }

  /** The admin port's /debug/* when DIAGNOSTICS_ENABLED; a missing or short token fails start-up. */
  private diagnostics() {
    const { DIAGNOSTICS_ENABLED: enabled, DIAGNOSTICS_TOKEN: token } = this.config;
    if (!enabled) return undefined;
    if (!token) throw new Error('DIAGNOSTICS_ENABLED=true needs DIAGNOSTICS_TOKEN (the bearer token, from a Secret)');
    const logger = this.logger;
    this.logger.info('diagnostics enabled on the admin port (/debug/*)');
    return createDiagnostics({
      token,
      service: this.name,
      logLevel: { get: () => logger.level, set: (level) => (logger.level = level), levels: LOG_LEVELS },
    });
  }

  /**
   * Graceful shutdown on SIGTERM/SIGINT: report not ready, keep serving through the drain delay while
   * endpoints are withdrawn, stop the listener (bounded), run hooks, close clients and pools, flush
   * telemetry, exit 0.
   */
  handleSignals(stopListener: (timeoutMs: number) => Promise<{ forced: boolean }>, onNotReady: () => void): () => Promise<void> {
    let shutdown: Promise<void> | undefined;
    const run = (reason: string) =>
      (shutdown ??= (async () => {
        this.logger.info({ reason }, 'shutting down');
        this.shuttingDown = true;
        this.ready = false;
        onNotReady();
        clearInterval(this.readinessTimer);
        if (this.config.SHUTDOWN_DRAIN_MS > 0) await sleep(this.config.SHUTDOWN_DRAIN_MS);
        const { forced } = await stopListener(this.config.SHUTDOWN_TIMEOUT_MS);
        for (const hook of this.hooks) await this.quietly(hook);
        this.closers.forEach((close) => close());
        await this.quietly(() => this.flags.close());
        await this.quietly(() => this.pool?.end());
        await this.quietly(async () => void (await this.redisClient?.quit()));
        await this.quietly(() => this.adminClose?.());
        this.logger.info({ forced }, 'shut down');
        await this.quietly(shutdownTracing);
      })());
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => void run(signal).then(() => exit(this.logger, 0)));
    }
    return () => run('requested');
  }

  private async quietly(step: () => unknown): Promise<void> {
    try {
      await step();
    } catch (error) {
      this.logger.warn({ err: error }, 'shutdown step failed');
    }
  }
}

async function runMigrations(spec: { database?: DatabaseSpec }, config: Partial<DatabaseConfig>, logger: Logger) {
  if (!spec.database || !config.DATABASE_URL) {
    logger.info('no database: nothing to migrate');
    return;
  }
  const applied = await migrate({ databaseUrl: config.DATABASE_URL, dir: spec.database.migrationsDir });
  logger.info({ applied }, applied.length ? 'migrations applied' : 'database schema up to date');
}

/** Startup failures end the process with one fatal line, not an unhandled rejection. */
export function exitOnStartupFailure(name: string) {
  return (error: unknown) => {
    const logger = createLogger({ service: name, level: 'info' });
    logger.fatal({ err: error }, 'failed to start');
    void exit(logger, 1);
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
