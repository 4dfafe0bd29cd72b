// Tracing starts before grpc-js loads, as in every app; the environment decides what it exports.
import { startTracing } from '@shop/tracing';

if (process.argv[2] === 'relay-chassis') startTracing({ serviceName: 'bench' });
