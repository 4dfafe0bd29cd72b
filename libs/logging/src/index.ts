export { REDACT_PATHS, createLogger } from './logger';
export type { Logger, LoggerOptions } from './logger';
