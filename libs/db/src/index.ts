export { createPool, poolStats, checkDatabase, type PoolOptions, type PoolStats } from './pool';
export {
  withTransaction,
  query,
  type TransactionClient,
  type TransactionOptions,
  type IsolationLevel,
} from './transaction';
export { migrate, ensureDatabase, type MigrateOptions } from './migrate';
export { SqlState, sqlState, isRetryableTransactionError } from './errors';
