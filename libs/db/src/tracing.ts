import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('@shop/db');

/**
 * A client span around database work the chassis does for a caller (a transaction, a statement),
 * on the OpenTelemetry API: nothing is patched, and attributes are built only when the span records.
 * The statement's text has placeholders, never values.
 */
export function databaseSpan<T>(name: string, work: () => Promise<T>, statement?: string): Promise<T> {
  return tracer.startActiveSpan(name, { kind: SpanKind.CLIENT }, async (span) => {
    if (span.isRecording()) {
      span.setAttribute('db.system.name', 'postgresql');
      if (statement !== undefined) span.setAttribute('db.query.text', statement);
    }
    try {
      return await work();
    } catch (error) {
      if (span.isRecording()) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
