export { REDACT_PATHS, createLogger, exitAfterFlush } from './logger';
export type { Logger, LoggerOptions } from './logger';
