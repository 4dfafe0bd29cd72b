import type { z } from '@shop/config';
import { GrpcServer, serverCredentials } from '@shop/rpc';
import type { DatabaseSpec, RedisSpec } from './env';
import { exitOnStartupFailure, ServiceRuntime, type BaseSpec, type RunningService, type ServiceContext } from './runtime';

export interface GrpcServiceSpec<S extends z.ZodObject, D extends DatabaseSpec | undefined = undefined, R extends RedisSpec | undefined = undefined>
  extends BaseSpec<S, D, R> {
  /** Adds the app's gRPC services (and starts its workers) once its dependencies are open. */
  register(app: GrpcServiceApp<S, D, R>): void | Promise<void>;
}

export type GrpcServiceApp<S extends z.ZodObject, D = undefined, R = undefined> = ServiceContext<S, D, R> & {
  readonly server: GrpcServer;
};

/**
 * Service defaults for a gRPC app: one call gives it validated config, logs with trace ids, RED
 * metrics and /metrics /healthz /readyz on an admin port, grpc.health.v1 and reflection, readiness
 * from its own dependencies, migrations (`main.cjs migrate`), and graceful shutdown. Tracing starts
 * earlier, in the app's `instrumentation.ts`, before the app's modules load.
 */
export function runGrpcService<S extends z.ZodObject, D extends DatabaseSpec | undefined = undefined, R extends RedisSpec | undefined = undefined>(
  spec: GrpcServiceSpec<S, D, R>,
): Promise<RunningService> {
  const started = start(spec);
  started.catch(exitOnStartupFailure(spec.name));
  return started;
}

async function start<S extends z.ZodObject, D extends DatabaseSpec | undefined, R extends RedisSpec | undefined>(
  spec: GrpcServiceSpec<S, D, R>,
): Promise<RunningService> {
  const runtime = await ServiceRuntime.open(spec);
  const { config } = runtime;
  const server = new GrpcServer({
    logger: runtime.logger,
    metrics: runtime.rpcMetrics,
    credentials: serverCredentials(runtime.tls),
    reflection: config.GRPC_REFLECTION ?? config.SHOP_PROFILE === 'local',
  });
  // The runtime opened exactly the dependencies the spec declares, which is what the type says.
  await spec.register(runtime.contextWith({ server }) as GrpcServiceApp<S, D, R>);

  const port = await server.listen(runtime.config.HOST, runtime.config.PORT);
  const adminPort = await runtime.startAdmin((ready) => server.setServing(ready));
  const shutdown = runtime.handleSignals(
    (timeoutMs) => server.shutdown(timeoutMs),
    () => server.setServing(false),
  );
  runtime.logger.info({ port, adminPort }, `${spec.name} listening`);
  return { port, adminPort, shutdown };
}
