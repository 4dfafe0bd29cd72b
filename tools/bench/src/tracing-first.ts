// Tracing starts before grpc-js loads, as in every app (no exporter: spans are not sent anywhere).
import { startTracing } from '@shop/tracing';

if (process.argv[2] === 'chassis') startTracing({ serviceName: 'bench' });
