import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { startOtlpReceiver } from '@shop/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { shutdownTracing, startChildSpan, startTracing } from '../src';

describe('tracing', () => {
  afterEach(async () => {
    await shutdownTracing();
    vi.unstubAllEnvs();
    // The API's globals outlive the SDK; each test starts from none.
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('exports spans over OTLP/HTTP when an endpoint is set, and flushes them on shutdown', async () => {
    const receiver = await startOtlpReceiver();
    try {
      vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', receiver.endpoint);
      vi.stubEnv('OTEL_EXPORTER_OTLP_PROTOCOL', 'http/json');
      const tracing = startTracing({ serviceName: 'tracing-test' });
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

  it.each([['no exporter configured', undefined], ['OTEL_TRACES_EXPORTER=none', 'none']])(
    'records nothing with %s, but still makes trace ids for the logs and continues a sampled parent',
    (_, exporter) => {
      if (exporter) vi.stubEnv('OTEL_TRACES_EXPORTER', exporter);
      expect(startTracing({ serviceName: 'quiet' }).exporting).toBe(false);
      const root = trace.getTracer('test').startSpan('root');
      expect(root.isRecording()).toBe(false);
      expect(root.spanContext().traceId).toMatch(/^(?!0{32})[0-9a-f]{32}$/);

      // A sampled parent from upstream: W3C context is read and its trace continues.
      const upstream = propagation.extract(context.active(), { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
      const child = trace.getTracer('test').startSpan('child', {}, upstream);
      expect(child.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
      const carrier: Record<string, string> = {};
      propagation.inject(trace.setSpan(context.active(), child), carrier);
      expect(carrier['traceparent']).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    },
  );

  it('makes no child span under a parent that is not sampled, but carries its trace on, and records under a sampled one', async () => {
    const receiver = await startOtlpReceiver();
    try {
      vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', receiver.endpoint);
      vi.stubEnv('OTEL_EXPORTER_OTLP_PROTOCOL', 'http/json');
      startTracing({ serviceName: 'child-spans' });
      const tracer = trace.getTracer('test');
      const unsampled = propagation.extract(context.active(), { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00' });
      const skipped = startChildSpan(tracer, 'skipped', {}, unsampled);
      expect(skipped.span.isRecording()).toBe(false);
      // The caller's span context stands in: log lines keep its trace and span ids.
      expect(skipped.span.spanContext()).toEqual(trace.getSpanContext(unsampled));
      expect(trace.getSpanContext(skipped.context)).toEqual(trace.getSpanContext(unsampled));
      const carrier: Record<string, string> = {};
      propagation.inject(skipped.context, carrier);
      expect(carrier['traceparent']).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00');
      skipped.span.end();

      const sampled = propagation.extract(context.active(), { traceparent: '00-1af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
      const recorded = startChildSpan(tracer, 'recorded', {}, sampled);
      expect(recorded.span.isRecording()).toBe(true);
      expect(recorded.span.spanContext().traceId).toBe('1af7651916cd43dd8448eb211c80319c');
      expect(recorded.span.spanContext().spanId).not.toBe('b7ad6b7169203331');
      expect(trace.getSpan(recorded.context)).toBe(recorded.span);
      recorded.span.end();

      // Without a parent the sampler decides (a root; sampled here: no ratio is set).
      const root = startChildSpan(tracer, 'root', {}, ROOT_CONTEXT);
      expect(root.span.isRecording()).toBe(true);
      root.span.end();

      await shutdownTracing();
      expect(receiver.spans.map((span) => span.name).sort()).toEqual(['recorded', 'root']);
    } finally {
      await receiver.close();
    }
  });

  it('does nothing at all with OTEL_SDK_DISABLED=true', () => {
    vi.stubEnv('OTEL_SDK_DISABLED', 'true');
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', 'http://127.0.0.1:9');
    expect(startTracing({ serviceName: 'off' }).exporting).toBe(false);
    const span = trace.getTracer('test').startSpan('anything');
    expect(span.isRecording()).toBe(false);
    expect(span.spanContext().traceId).toBe('0'.repeat(32));
  });
});
