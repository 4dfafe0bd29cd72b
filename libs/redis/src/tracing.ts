import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { startChildSpan } from '@shop/tracing';

const tracer = trace.getTracer('@shop/redis');

/**
 * A client span for one Redis command, as a child of the caller's span; none for a command sent
 * outside any span (readiness pings, start-up), which would otherwise start traces of its own, and
 * none built under a caller whose trace is not sampled (startChildSpan: the caller's span stands in).
 * Attributes only when it records; the command's arguments (keys, values) never.
 */
export function commandSpan(name: string): Span | undefined {
  const parent = context.active();
  if (trace.getSpan(parent) === undefined) return undefined;
  const operation = name.toUpperCase();
  const { span } = startChildSpan(tracer, operation, { kind: SpanKind.CLIENT }, parent);
  if (span.isRecording()) span.setAttributes({ 'db.system.name': 'redis', 'db.operation.name': operation });
  return span;
}

/** Ends a span of commandSpan's; a stand-in for an unsampled caller's span is not recording, and its end() does nothing. */
export function endCommandSpan(span: Span | undefined, error?: unknown): void {
  if (span === undefined) return;
  if (error !== undefined && span.isRecording()) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
  span.end();
}
