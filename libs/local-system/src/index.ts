// The local system runner: real Postgres and Redis servers, the apps as real processes, the whole
// system wired together. `npm start`, `npm test`, the benchmarks and the test harness (@shop/testing)
// run on it. Nothing here imports a test framework.
export { freePort } from './ports';
export {
  startProcess,
  stopAll,
  waitForHttp,
  inheritedEnv,
  repoRoot,
  findOnPath,
  type LogRecord,
  type OutputLine,
  type ProcessExit,
  type ProcessHandle,
  type ProcessOptions,
} from './process';
export {
  startApp,
  APP_NODE_FLAGS,
  APP_OLD_SPACE_MB,
  appNodeFlags,
  startService,
  startTsxProcess,
  runAppCommand,
  startAppCommand,
  type AppCommandOptions,
  type AppMode,
  type AppName,
  type RunningApp,
  type StartAppOptions,
  type StartServiceOptions,
} from './apps';
export {
  startEmbeddedPostgres,
  startRedisServer,
  pingPostgres,
  pingRedis,
  withDatabase,
  REDIS_MISSING,
  type LocalServer,
  type EmbeddedPostgresOptions,
  type RedisServerOptions,
} from './servers';
export {
  startSystem,
  singleClientEnv,
  systemAppEnv,
  systemDatabases,
  SYSTEM_APPS,
  DATABASE_APPS,
  DEFAULT_PORTS,
  type DatabaseApp,
  type RunningSystem,
  type SystemOptions,
} from './system';
export { startLocalShop, type LocalShop, type LocalShopOptions } from './shop';
export { localStateDir } from './state-dir';
export { checkInvariants, type InitialStock, type InvariantDatabases } from './invariants';
export {
  startPrometheus,
  startCollector,
  findCollector,
  COLLECTOR_CONFIG,
  COLLECTOR_MISSING,
  PROMETHEUS_MISSING,
  type CollectorOptions,
  type PrometheusOptions,
  type PrometheusSeries,
  type RunningCollector,
  type RunningPrometheus,
  type ScrapeTarget,
} from './observability';
