export { EX_CONFIG, exitWithConfigErrors, formatConfigErrors, loadConfig, parseConfig } from './load';
export type { Env, ParseResult } from './load';
export { LOG_LEVELS, SHOP_PROFILES, databaseEnv, durationMs, grpcTarget, integer, port, redisEnv, serviceEnv } from './env';
export type { LogLevel, ShopProfile } from './env';
export { ed25519KeyFromPem } from './keys';
export { z } from 'zod';
