export { postgresAdminUrl, redisUrl, testRunId } from './provided';
export { freshDatabase, withDatabase, type FreshDatabase } from './database';
export { freePort } from './ports';
export {
  startProcess,
  startTsxProcess,
  stopAll,
  waitForHttp,
  inheritedEnv,
  repoRoot,
  type LogRecord,
  type OutputLine,
  type ProcessExit,
  type ProcessHandle,
  type ProcessOptions,
} from './process';
export {
  startApp,
  startService,
  type AppMode,
  type AppName,
  type RunningApp,
  type StartAppOptions,
  type StartServiceOptions,
} from './apps';
export { uniqueKeyPrefix } from './redis';
export { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver';
export { startTcpProxy, type TcpProxy } from './tcp-proxy';
export { describeAppLifecycle, type AppLifecycleOptions } from './app-lifecycle';
export {
  startEmbeddedPostgres,
  startRedisServer,
  pingPostgres,
  pingRedis,
  findOnPath,
  type LocalServer,
  type EmbeddedPostgresOptions,
} from './infra';
export { failure, eventually, sleep } from './calls';
