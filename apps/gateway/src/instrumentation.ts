// Imported first by main.ts: the tracer provider (and W3C propagation) before any span is made.
import { startTracing } from '@shop/tracing';

startTracing({ serviceName: 'gateway' });
