export { REDACT_PATHS, createLogger, exitAfterFlush, redactSecrets } from './logger';
export type { Logger, LoggerOptions } from './logger';
