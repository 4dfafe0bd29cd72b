import * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import { currentContext, type CallContext } from '@shop/context';
import { serviceError } from './errors';
import { CHANNELZ_OFF, CLIENT_MESSAGE_LIMITS } from './message-limits';
import type { RpcMetrics } from './metrics';
import { methodNameOf, serviceNameOf, type MethodNames } from './server';
import { clientSpan, endClientSpan } from './tracing';

/** The promise-returning client of a service: one method per RPC, camelCased, typed from the protos. */
export type UnaryClient<D extends grpc.ServiceDefinition> = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- positions not inferred
  [K in MethodNames<D> as Uncapitalize<K>]: D[K] extends MethodDefinition<infer RequestIn, any, any, infer ResponseOut>
    ? (request: RequestIn, options?: CallOptions) => Promise<ResponseOut>
    : never;
};

export interface CallOptions {
  /** A tighter budget for this call; it never extends the caller's deadline. */
  timeoutMs?: number;
  metadata?: grpc.Metadata;
}

export interface RetryPolicy {
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  backoffMultiplier: number;
}

export interface Breaker {
  fire<T>(action: () => Promise<T>): Promise<T>;
}

export interface ClientOptions {
  /** A gRPC target such as `dns:///inventory:50051` (headless Service) or `127.0.0.1:50052`. */
  target: string;
  /** Budget for calls made outside any incoming call (workers, the gateway without a budget). */
  defaultTimeoutMs?: number;
  /** Taken off the caller's remaining time so that our deadline fires, and is reported, before theirs. */
  deadlineMarginMs?: number;
  /** For methods the protos mark idempotent (`idempotency_level`), retried on UNAVAILABLE only. */
  retry?: RetryPolicy | false;
  /** gRPC retry throttling: a token bucket that stops retries when most calls fail. */
  retryThrottling?: { maxTokens: number; tokenRatio: number } | false;
  loadBalancing?: 'round_robin' | 'pick_first';
  breaker?: Breaker;
  metrics?: RpcMetrics;
  credentials?: grpc.ChannelCredentials;
  channelOptions?: grpc.ChannelOptions;
  /**
   * Channels to the target, each with its own connections; calls take them in turn. One grpc-js
   * channel is latency-bound (its one HTTP/2 connection per backend is served by one event-loop
   * turn at a time), so a busy caller spreads its calls over a few. DEFAULT_CHANNELS by default.
   */
  channels?: number;
}

/** Channels per target by default (see README's "What each lever bought" for the measurement). */
export const DEFAULT_CHANNELS = 1;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  initialBackoffMs: 50,
  maxBackoffMs: 1000,
  backoffMultiplier: 2,
};

const DEFAULT_RETRY_THROTTLING = { maxTokens: 10, tokenRatio: 0.1 };

type AnyMethod = MethodDefinition<unknown, unknown, unknown, unknown>;

export type ServiceClient<D extends grpc.ServiceDefinition> = UnaryClient<D> & {
  /** The first (or only) underlying channel, for tests and for `waitForReady`. */
  readonly channel: grpc.Client;
  close(): void;
};

/**
 * Creates the client of one service at one target. Every call carries a deadline: the caller's
 * (minus a margin) inside an incoming call, else `defaultTimeoutMs`; it is cancelled when the
 * incoming call is. Retries, backoff with jitter and the retry budget are gRPC's own, from the
 * service config built here; they never outlive the deadline.
 */
export function createClient<D extends grpc.ServiceDefinition>(
  service: D | { service: D },
  options: ClientOptions,
): ServiceClient<D> {
  const definition = ('service' in service ? service.service : service) as D;
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 5000;
  const marginMs = options.deadlineMarginMs ?? 5;
  const count = Math.max(1, options.channels ?? DEFAULT_CHANNELS);
  const credentials = options.credentials ?? grpc.credentials.createInsecure();
  const channelOptions: grpc.ChannelOptions = {
    'grpc.service_config': JSON.stringify(serviceConfig(definition, options)),
    'grpc.keepalive_time_ms': 60_000,
    ...CLIENT_MESSAGE_LIMITS,
    ...CHANNELZ_OFF,
    // grpc-js backs off reconnects up to 120 s by default: a service restarted after a crash would
    // be reached only seconds after it is ready. Inside a cluster a short cap costs little.
    'grpc.initial_reconnect_backoff_ms': 250,
    'grpc.max_reconnect_backoff_ms': 1_000,
    // Channels with the same target and options share their connections through grpc-js'
    // global subchannel pool: each of several needs its own pool to get connections of its own.
    ...(count > 1 ? { 'grpc.use_local_subchannel_pool': 1 } : {}),
    ...options.channelOptions,
  };
  const channels = Array.from({ length: count }, () => new grpc.Client(options.target, credentials, channelOptions));
  let turn = 0;
  const nextChannel = () => channels[count === 1 ? 0 : (turn = (turn + 1) % count)]!;

  const client: Record<string, unknown> = {
    channel: channels[0],
    close: () => {
      for (const channel of channels) channel.close();
    },
  };
  for (const [name, method] of Object.entries(definition) as [string, AnyMethod][]) {
    // Bound once per method: a call only counts.
    const metrics = options.metrics?.clientMethod(serviceNameOf(method.path), methodNameOf(method.path));
    const invoke = (request: unknown, callOptions?: CallOptions) => {
      const context = currentContext();
      const now = Date.now();
      let deadline = context && context.deadline !== Infinity ? context.deadline - marginMs : now + defaultTimeoutMs;
      if (callOptions?.timeoutMs !== undefined) deadline = Math.min(deadline, now + callOptions.timeoutMs);
      if (context?.signal.aborted) return Promise.reject(endedError(method.path, deadline, context));
      if (deadline <= now) {
        return Promise.reject(serviceError(grpc.status.DEADLINE_EXCEEDED, `no time left to call ${method.path}`));
      }
      const send = () =>
        new Promise<unknown>((resolve, reject) => {
          const started = performance.now();
          metrics?.started();
          const signal = context?.signal;
          const metadata = callOptions?.metadata?.clone() ?? new grpc.Metadata();
          const { span } = clientSpan(method.path, metadata);
          const call = nextChannel().makeUnaryRequest(
            method.path,
            method.requestSerialize,
            method.responseDeserialize,
            request,
            metadata,
            { deadline },
            (received, response) => {
              signal?.removeEventListener('abort', cancel);
              const error = received && cancelledHere && received.code === grpc.status.CANCELLED ? endedError(method.path, deadline, context) : received;
              const code = error ? error.code : grpc.status.OK;
              metrics?.handled(code, (performance.now() - started) / 1000);
              endClientSpan(span, code);
              if (error) reject(error);
              else resolve(response);
            },
          );
          let cancelledHere = false;
          const cancel = () => {
            cancelledHere = true;
            call.cancel();
          };
          signal?.addEventListener('abort', cancel, { once: true });
        });
      return options.breaker ? options.breaker.fire(send) : send();
    };
    client[lowerFirst(name)] = invoke;
  }
  return client as ServiceClient<D>;
}

/**
 * Why a call ended early: its context's deadline passed (DEADLINE_EXCEEDED, 504 at the edge), or
 * the caller went away first (CANCELLED). The context's timer and the call's own deadline race, and
 * on a busy event loop the timer can win: the clock, not the order, decides.
 */
function endedError(path: string, deadline: number, context: CallContext | undefined): grpc.ServiceError {
  return Date.now() >= Math.min(deadline, context?.deadline ?? Infinity)
    ? serviceError(grpc.status.DEADLINE_EXCEEDED, `deadline exceeded calling ${path}`)
    : serviceError(grpc.status.CANCELLED, 'the incoming call was cancelled');
}

function serviceConfig(definition: grpc.ServiceDefinition, options: ClientOptions) {
  const retry = options.retry === undefined ? DEFAULT_RETRY_POLICY : options.retry;
  const throttling = options.retryThrottling === undefined ? DEFAULT_RETRY_THROTTLING : options.retryThrottling;
  const idempotent = (Object.values(definition) as AnyMethod[])
    .filter((method) => {
      const level = (method.options as { idempotency_level?: string } | undefined)?.idempotency_level;
      return level === 'IDEMPOTENT' || level === 'NO_SIDE_EFFECTS';
    })
    .map((method) => ({ service: serviceNameOf(method.path), method: methodNameOf(method.path) }));

  return {
    loadBalancingConfig: [{ [options.loadBalancing ?? 'round_robin']: {} }],
    methodConfig:
      retry && idempotent.length > 0
        ? [
            {
              name: idempotent,
              retryPolicy: {
                maxAttempts: retry.maxAttempts,
                initialBackoff: seconds(retry.initialBackoffMs),
                maxBackoff: seconds(retry.maxBackoffMs),
                backoffMultiplier: retry.backoffMultiplier,
                retryableStatusCodes: ['UNAVAILABLE'],
              },
            },
          ]
        : [],
    ...(throttling ? { retryThrottling: throttling } : {}),
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)}s`;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
