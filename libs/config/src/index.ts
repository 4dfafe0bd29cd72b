export { EX_CONFIG, formatConfigErrors, loadConfig, parseConfig } from './load';
export type { Env, ParseResult } from './load';
export { LOG_LEVELS, databaseEnv, durationMs, grpcTarget, integer, port, redisEnv, serviceEnv } from './env';
export type { LogLevel } from './env';
export { ed25519KeyFromPem } from './keys';
export { z } from 'zod';
