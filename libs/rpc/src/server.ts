import * as grpc from '@grpc/grpc-js';
import type { MethodDefinition, PackageDefinition } from '@grpc/proto-loader';
import { DeadlineExceededError, openContext } from '@shop/context';
import { HealthImplementation } from 'grpc-health-check';
import type { Logger } from 'pino';
import { toStatus } from './errors';
import type { RpcMetrics } from './metrics';
import { isDependencyOutage } from './outages';
import { addReflection } from './reflection';
import { CHANNELZ_OFF, SERVER_MESSAGE_LIMITS } from './message-limits';
import { endServerSpan, serverSpan } from './tracing';
import { context } from '@opentelemetry/api';

/**
 * What a service implements: one async function per RPC, typed from the generated service definition.
 * It returns the response or throws; the chassis does the rest (deadline context, status mapping,
 * logging, metrics).
 */
export type UnaryHandlers<D extends grpc.ServiceDefinition> = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- positions not inferred
  [K in MethodNames<D>]: D[K] extends MethodDefinition<any, infer ResponseIn, infer RequestOut, any>
    ? (request: RequestOut, call: grpc.ServerUnaryCall<RequestOut, ResponseIn>) => Promise<ResponseIn>
    : never;
};

/** The RPC names of a generated service definition, without grpc-js' string index signature. */
export type MethodNames<D> = keyof {
  [K in keyof D as string extends K ? never : K extends string ? K : never]: D[K];
} &
  string;

export interface GrpcServerOptions {
  logger: Logger;
  metrics?: RpcMetrics;
  /**
   * Protos outside proto/ to describe through server reflection (grpcurl, grpcui). shop's own
   * contracts are always described, from their real descriptors; reflection lists only the
   * services added to this server, and health.
   */
  packageDefinitions?: PackageDefinition[];
  serverOptions?: grpc.ServerOptions;
  /** How callers connect: plaintext by default, mutual TLS with serverCredentials(tls) (credentials.ts). */
  credentials?: grpc.ServerCredentials;
  /** Server reflection (grpcurl, grpcui); on by default, off in production unless asked for. */
  reflection?: boolean;
}

/**
 * Sends a connection away after a while so that clients balancing over DNS discover new pods.
 * Channelz (grpc-js' per-call counters and trace of every server, channel and socket) is off: no
 * channelz service is served, and its bookkeeping cost a share of every call.
 */
const DEFAULT_SERVER_OPTIONS: grpc.ServerOptions = {
  ...SERVER_MESSAGE_LIMITS,
  ...CHANNELZ_OFF,
  'grpc.max_connection_age_ms': 5 * 60_000,
  'grpc.max_connection_age_grace_ms': 30_000,
  'grpc.keepalive_time_ms': 60_000,
  'grpc.keepalive_timeout_ms': 20_000,
};

export class GrpcServer {
  readonly server: grpc.Server;
  private readonly health = new HealthImplementation({ '': 'NOT_SERVING' });
  private readonly serviceNames: string[] = [];
  private readonly logger: Logger;
  private readonly metrics: RpcMetrics | undefined;
  private inFlight = 0;
  private readonly reflectionDefinitions: PackageDefinition[];
  private reflecting = false;
  private readonly credentials: grpc.ServerCredentials;
  private readonly reflection: boolean;

  constructor(options: GrpcServerOptions) {
    this.logger = options.logger;
    this.metrics = options.metrics;
    this.server = new grpc.Server({ ...DEFAULT_SERVER_OPTIONS, ...options.serverOptions });
    this.health.addToServer(this.server);
    this.reflectionDefinitions = options.packageDefinitions ?? [];
    this.credentials = options.credentials ?? grpc.ServerCredentials.createInsecure();
    this.reflection = options.reflection ?? true;
  }

  addService<D extends grpc.ServiceDefinition>(service: D, handlers: UnaryHandlers<D>): this {
    const implementation: grpc.UntypedServiceImplementation = {};
    for (const [name, definition] of Object.entries(service)) {
      const handler = (handlers as Record<string, UnaryHandler | undefined>)[name];
      if (!handler) throw new Error(`no handler for ${definition.path}`);
      if (definition.requestStream || definition.responseStream) throw new Error(`${definition.path}: only unary RPCs`);
      implementation[name] = this.wrapUnary(definition.path, handler);
    }
    this.server.addService(service, implementation);
    const first = Object.values(service)[0];
    if (first) this.serviceNames.push(serviceNameOf(first.path));
    return this;
  }

  /** Binds the port (0 picks a free one) and returns the port bound. */
  listen(host: string, port: number): Promise<number> {
    if (this.reflection && !this.reflecting) {
      // Now that every service is added: reflection lists exactly those.
      addReflection(this.server, this.serviceNames, this.reflectionDefinitions);
      this.reflecting = true;
    }
    return new Promise((resolve, reject) => {
      const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
      this.server.bindAsync(address, this.credentials, (error, boundPort) =>
        error ? reject(error) : resolve(boundPort),
      );
    });
  }

  /** Reports SERVING or NOT_SERVING for the server as a whole and for each of its services. */
  setServing(serving: boolean): void {
    const state = serving ? 'SERVING' : 'NOT_SERVING';
    this.health.setStatus('', state);
    for (const name of this.serviceNames) this.health.setStatus(name, state);
  }

  /**
   * Stops taking new calls and waits for those in flight, at most `timeoutMs`; after that, cancels
   * whatever is left. Resolves with whether it had to force.
   */
  shutdown(timeoutMs: number): Promise<{ forced: boolean }> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.logger.warn({ inFlight: this.inFlight }, 'shutdown bound reached; cancelling calls still in flight');
        this.server.forceShutdown();
        resolve({ forced: true });
      }, timeoutMs);
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve({ forced: false });
      });
    });
  }

  /**
   * The call wrapper every handler runs in: server span, deadline context, status mapping, the log
   * line and the RED metrics. The metrics are counted here, around the handler, rather than by a
   * grpc-js server interceptor, which puts a layer of its own around every call's events (4–9 µs
   * of the server's CPU per call, measured); as with go-grpc-prometheus, a call counts once its
   * request is decoded, so a request grpc-js refuses before any handler runs (too large, not
   * parsable) is not counted.
   */
  private wrapUnary(path: string, handler: UnaryHandler): grpc.handleUnaryCall<unknown, unknown> {
    const logger = this.logger;
    // Bound once per method: a call only counts.
    const metrics = this.metrics?.serverMethod(serviceNameOf(path), methodNameOf(path));
    return (call, callback) => {
      const started = performance.now();
      metrics?.started();
      const { span, context: spanContext } = serverSpan(path, call.metadata);
      const opened = openContext(toEpochMs(call.getDeadline()));
      // grpc-js emits 'cancelled' on a unary call even after it completed: only a call still running
      // has a caller that went away (its answer, if any, is never sent: the call counts as CANCELLED).
      let finished = false;
      call.on('cancelled', () => {
        if (finished) return;
        finished = true;
        metrics?.handled(grpc.status.CANCELLED, (performance.now() - started) / 1000);
        opened.cancel(new DeadlineExceededError('call cancelled by the caller'));
      });
      this.inFlight++;

      const finish = (error: unknown, response?: unknown) => {
        const cancelled = finished;
        finished = true;
        opened.close();
        this.inFlight--;
        const elapsedMs = performance.now() - started;
        const durationMs = Math.round(elapsedMs * 100) / 100;
        if (error === null) {
          if (!cancelled) metrics?.handled(grpc.status.OK, elapsedMs / 1000);
          logger.info({ rpc: path, code: 'OK', durationMs }, 'rpc handled');
          endServerSpan(span, grpc.status.OK);
          callback(null, response);
          return;
        }
        const mapped = toStatus(error);
        if (!cancelled) metrics?.handled(mapped.code, elapsedMs / 1000);
        endServerSpan(span, mapped.code);
        const fields = { rpc: path, code: grpc.status[mapped.code], durationMs };
        if (mapped.internal) logger.error({ ...fields, err: error }, 'rpc failed');
        else if (isDependencyOutage(error)) logger.warn({ ...fields, err: error }, 'rpc failed: a dependency is unavailable');
        else logger.info({ ...fields, reason: mapped.details }, 'rpc handled');
        callback({ code: mapped.code, details: mapped.details, metadata: mapped.metadata });
      };

      context.with(spanContext, () => opened.run(() => {
        let pending: Promise<unknown>;
        try {
          pending = handler(call.request, call);
        } catch (error) {
          finish(error);
          return;
        }
        pending.then(
          (response) => finish(null, response),
          (error: unknown) => finish(error),
        );
      }));
    };
  }
}

type UnaryHandler = (request: unknown, call: grpc.ServerUnaryCall<unknown, unknown>) => Promise<unknown>;

export function serviceNameOf(path: string): string {
  return path.slice(1, path.lastIndexOf('/'));
}

export function methodNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function toEpochMs(deadline: grpc.Deadline): number {
  return deadline instanceof Date ? deadline.getTime() : deadline;
}
