import type { z } from '@shop/config';
import { GrpcServer, serverCredentials } from '@shop/rpc';
import { exitOnStartupFailure, ServiceRuntime, type BaseSpec, type RunningService, type ServiceContext } from './runtime';

export interface GrpcServiceSpec<S extends z.ZodObject> extends BaseSpec<S> {
  /** Adds the app's gRPC services (and starts its workers) once its dependencies are open. */
  register(app: GrpcServiceApp<z.output<S>>): void | Promise<void>;
}

export interface GrpcServiceApp<C> extends ServiceContext<C> {
  readonly server: GrpcServer;
}

/**
 * Service defaults for a gRPC app: one call gives it validated config, logs with trace ids, RED
 * metrics and /metrics /healthz /readyz on an admin port, grpc.health.v1 and reflection, readiness
 * from its own dependencies, migrations (`main.cjs migrate`), and graceful shutdown. Tracing starts
 * earlier, in the app's `instrumentation.ts`, because it has to patch modules before they load.
 */
export function runGrpcService<S extends z.ZodObject>(spec: GrpcServiceSpec<S>): Promise<RunningService> {
  const started = start(spec);
  started.catch(exitOnStartupFailure(spec.name));
  return started;
}

async function start<S extends z.ZodObject>(spec: GrpcServiceSpec<S>): Promise<RunningService> {
  const runtime = await ServiceRuntime.open(spec);
  const { config } = runtime;
  const server = new GrpcServer({
    logger: runtime.logger,
    metrics: runtime.rpcMetrics,
    credentials: serverCredentials(runtime.tls),
    reflection: config.GRPC_REFLECTION ?? config.SHOP_PROFILE === 'local',
  });
  await spec.register(runtime.contextWith({ server }));

  const port = await server.listen(runtime.config.HOST, runtime.config.PORT);
  const adminPort = await runtime.startAdmin((ready) => server.setServing(ready));
  const shutdown = runtime.handleSignals(
    (timeoutMs) => server.shutdown(timeoutMs),
    () => server.setServing(false),
  );
  runtime.logger.info({ port, adminPort }, `${spec.name} listening`);
  return { port, adminPort, shutdown };
}
