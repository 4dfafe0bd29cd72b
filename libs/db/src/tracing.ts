import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { startChildSpan } from '@shop/tracing';

const tracer = trace.getTracer('@shop/db');

/**
 * A client span around database work the chassis does for a caller (a transaction, a statement),
 * on the OpenTelemetry API: nothing is patched, attributes are built only when the span records,
 * and under a caller whose trace is not sampled none is built at all (startChildSpan: the caller's
 * span stands in). The statement's text has placeholders, never values.
 */
export async function databaseSpan<T>(name: string, work: () => Promise<T>, statement?: string): Promise<T> {
  const { span, context: spanContext } = startChildSpan(tracer, name, { kind: SpanKind.CLIENT }, context.active());
  if (span.isRecording()) {
    span.setAttribute('db.system.name', 'postgresql');
    if (statement !== undefined) span.setAttribute('db.query.text', statement);
  }
  try {
    return await context.with(spanContext, work);
  } catch (error) {
    if (span.isRecording()) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}
