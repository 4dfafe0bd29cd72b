import { trace } from '@opentelemetry/api';
import { startOtlpReceiver } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { shutdownTracing, startTracing } from '../src';

describe('tracing', () => {
  it('exports spans over OTLP/HTTP when an endpoint is set, and flushes them on shutdown', async () => {
    const receiver = await startOtlpReceiver();
    try {
      const tracing = startTracing({
        serviceName: 'tracing-test',
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
      });
      expect(tracing.exporting).toBe(true);
      let traceId = '';
      trace.getTracer('test').startActiveSpan('unit of work', (span) => {
        traceId = span.spanContext().traceId;
        trace.getTracer('test').startSpan('child').end();
        span.end();
      });
      await shutdownTracing();
      const spans = receiver.spans.filter((span) => span.traceId === traceId);
      expect(spans.map((span) => span.name).sort()).toEqual(['child', 'unit of work']);
      expect(spans.every((span) => span.service === 'tracing-test')).toBe(true);
    } finally {
      await receiver.close();
    }
  });
});
