export { createRedis, withRedisBudget, checkRedis, type RedisOptions } from './client';
