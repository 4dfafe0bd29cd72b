// Imported first by main.ts: OpenTelemetry must patch grpc-js, pg, ioredis and pino before they load.
import { startTracing } from '@shop/tracing';

startTracing({ serviceName: 'inventory' });
