// What only tests use: the Postgres/Redis the global setup provides, fresh databases and key
// prefixes, the whole system per test file, lifecycle checks, fault tools. The process and app
// helpers are the local system runner's (@shop/local-system), re-exported so that a test file
// imports from one place and every process it starts is killed when the file ends.
import { stopAll } from '@shop/local-system';
import { afterAll } from 'vitest';

export { postgresAdminUrl, redisUrl, testRunId } from './provided';
export { freshDatabase, withDatabase, type FreshDatabase } from './database';
export {
  freePort,
  findOnPath,
  startProcess,
  startTsxProcess,
  stopAll,
  waitForHttp,
  inheritedEnv,
  repoRoot,
  startApp,
  startService,
  runAppCommand,
  startAppCommand,
  type LogRecord,
  type OutputLine,
  type ProcessExit,
  type ProcessHandle,
  type ProcessOptions,
  type AppMode,
  type AppName,
  type RunningApp,
  type StartAppOptions,
  type StartServiceOptions,
  checkInvariants,
  type InitialStock,
  type InvariantDatabases,
} from '@shop/local-system';
export { uniqueKeyPrefix } from './redis';
export { startTestSystem, type TestSystem, type TestSystemOptions } from './test-system';
export { startTestApp, testAppEnv, type TestApp, type TestAppOptions } from './test-app';
export { runNodeScript, runToolJson, type CommandResult, type ToolJsonResult } from './commands';
export { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver';
export { startTcpProxy, type TcpProxy } from './tcp-proxy';
export { createTestCertificates, type TestCertificates } from './certificates';
export { describeAppLifecycle, type AppLifecycleOptions } from './app-lifecycle';
export { failure, eventually, sleep } from './calls';

// No child outlives the test file that started it.
if (process.env.VITEST) afterAll(stopAll);
