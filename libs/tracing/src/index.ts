export { startTracing, shutdownTracing, type TracingOptions, type Tracing } from './tracing';
export { startChildSpan, type ChildSpan } from './child-span';
