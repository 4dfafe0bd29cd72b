import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';

const tracer = trace.getTracer('@shop/redis');

/**
 * A client span for one Redis command, as a child of the caller's span; none for a command sent
 * outside any span (readiness pings, start-up), which would otherwise start traces of its own.
 * Attributes only when it records; the command's arguments (keys, values) never.
 */
export function commandSpan(name: string): Span | undefined {
  const parent = context.active();
  if (trace.getSpan(parent) === undefined) return undefined;
  const span = tracer.startSpan(name.toUpperCase(), { kind: SpanKind.CLIENT }, parent);
  if (span.isRecording()) span.setAttributes({ 'db.system.name': 'redis', 'db.operation.name': name.toUpperCase() });
  return span;
}

export function endCommandSpan(span: Span | undefined, error?: unknown): void {
  if (span === undefined) return;
  if (error !== undefined && span.isRecording()) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
  span.end();
}
