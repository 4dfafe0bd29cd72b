import { raceBudget, throwIfExpired } from '@shop/context';
import { faultFlags, injectLatency } from '@shop/flags';
import { redisCommandMetrics, type Registry } from '@shop/metrics';
import { Redis } from 'ioredis';
import { meterCommands } from './metering';

export interface RedisOptions {
  url: string;
  /** Prepended to every key this client touches, e.g. 'inventory:'; keeps apps apart on a shared server. */
  keyPrefix: string;
  /** Ceiling for any one command, request or not (see withRedisBudget for the per-request bound). */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Reconnect-and-resend attempts for a command whose connection dropped under it. */
  maxRetriesPerRequest?: number;
  /**
   * false (the default): while disconnected, commands fail at once instead of queueing for a
   * reconnect that may come after the caller stopped waiting. Callers treat Redis as optional
   * (a cache miss, a fallback) rather than hanging on it.
   */
  enableOfflineQueue?: boolean;
  /** Do not connect until the first command or `connect()` (e.g. to await readiness at start-up). */
  lazyConnect?: boolean;
  /** Longest pause between reconnect attempts; attempts never stop, they just stay this far apart. */
  maxReconnectDelayMs?: number;
  /**
   * true (the default): the commands issued in one event-loop turn go to Redis in one write, sent
   * from the next turn (ioredis' auto-pipelining), instead of a write per command: fewer system calls
   * for this process and for Redis whenever requests run side by side. Each command keeps its own
   * reply, error, timeout, metrics and span (see ./metering).
   */
  autoPipelining?: boolean;
  /** Connection errors (refused, reset). ioredis reconnects by itself; this is for logging. */
  onError?: (error: Error) => void;
  /** The app's metrics registry: every command is timed into `redis_command_duration_seconds`. */
  registry?: Registry;
}

/** An ioredis client with the chassis defaults: bounded waits everywhere, fast failure when down. */
export function createRedis(options: RedisOptions): Redis {
  const maxDelay = options.maxReconnectDelayMs ?? 2_000;
  const client = new Redis(options.url, {
    keyPrefix: options.keyPrefix,
    commandTimeout: options.commandTimeoutMs ?? 1_000,
    connectTimeout: options.connectTimeoutMs ?? 2_000,
    maxRetriesPerRequest: options.maxRetriesPerRequest ?? 1,
    enableOfflineQueue: options.enableOfflineQueue ?? false,
    lazyConnect: options.lazyConnect ?? false,
    enableAutoPipelining: options.autoPipelining ?? true,
    // Exponential backoff from 50 ms, capped, with jitter so a fleet of replicas does not
    // reconnect in lockstep after a Redis restart.
    retryStrategy: (times) => Math.min(maxDelay, 50 * 2 ** Math.min(times - 1, 10)) * (0.5 + Math.random() / 2),
  });
  // ioredis prints unhandled connection errors to the console itself; route them to the app's logger.
  client.on('error', (error: Error) => options.onError?.(error));
  if (options.registry !== undefined) meterCommands(client, redisCommandMetrics(options.registry));
  return client;
}

/**
 * Runs one Redis call bounded by the remaining budget of the current call context.
 *
 * How this relates to ioredis' `commandTimeout`: that option is a single ceiling fixed when the
 * client is created, the same for every command, inside a request or not. A request's budget is
 * per call and usually shorter, so this wrapper tightens it: the call fails with
 * DeadlineExceededError when the budget runs out, or with "Command timed out" when the ceiling
 * comes first. Neither stops the command on the server (Redis has no way to cancel one); its late
 * reply is read and dropped, and the connection stays in order. Blocking commands (BLPOP, XREAD
 * BLOCK) therefore belong on their own connection, with a server-side timeout derived from the
 * budget, so they do not hold up the commands queued behind them.
 *
 * Outside a call context it just runs `fn` (bounded by `timeoutMs` when given, a caller's own
 * ceiling shorter than ioredis'). With the budget already spent it does not call `fn`.
 */
export async function withRedisBudget<T>(fn: () => Promise<T>, timeoutMs?: number): Promise<T> {
  throwIfExpired('the Redis command');
  const injected = injectLatency(faultFlags.redisLatencyMs); // the redis-latency-ms fault flag; undefined while it is off
  return raceBudget(injected ? injected.then(fn) : fn(), 'Redis', timeoutMs);
}

/** Readiness probe: does Redis answer PING within `timeoutMs`? Never throws. */
export function checkRedis(client: Redis, timeoutMs = 500): Promise<boolean> {
  return raceBudget(client.ping(), 'Redis PING', timeoutMs).then(
    (reply) => reply === 'PONG',
    () => false,
  );
}
