export { startTracing, shutdownTracing, type TracingOptions, type Tracing } from './tracing';
