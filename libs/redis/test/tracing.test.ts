import { context, trace, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { createMetrics } from '@shop/metrics';
import { redisUrl, uniqueKeyPrefix } from '@shop/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../src';

async function ready(client: Redis): Promise<Redis> {
  if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
  return client;
}

describe('Redis command spans, against a real Redis', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const contextManager = new AsyncLocalStorageContextManager();
  const { registry } = createMetrics({ service: 'gateway', defaultMetrics: false });
  let client: Redis;

  beforeAll(async () => {
    context.setGlobalContextManager(contextManager.enable());
    trace.setGlobalTracerProvider(provider);
    client = await ready(createRedis({ url: redisUrl(), keyPrefix: uniqueKeyPrefix('redisspans'), registry }));
  });
  afterAll(async () => {
    await client?.quit();
    await provider.shutdown();
    trace.disable();
    context.disable();
  });

  it('gives each auto-pipelined command a span under its own caller, though one turn sends them all', async () => {
    const tracer = trace.getTracer('test');
    const requests = ['first request', 'second request', 'third request'].map((name) => tracer.startSpan(name));
    const inSpan = (span: Span, fn: () => Promise<unknown>) => context.with(trace.setSpan(context.active(), span), fn);
    // Issued in one turn: auto-pipelining (on by default) sends them together from the next.
    const replies = requests.map((span, index) => inSpan(span, () => client.incrby('hits', index + 1)));
    expect(client.autoPipelineQueueSize).toBe(3);
    await Promise.all(replies);
    requests.forEach((span) => span.end());

    const commands = exporter.getFinishedSpans().filter((span) => span.name === 'INCRBY');
    expect(commands).toHaveLength(3);
    for (const request of requests) {
      const children = commands.filter((span) => span.parentSpanContext?.spanId === request.spanContext().spanId);
      expect(children).toHaveLength(1);
      expect(children[0]!.spanContext().traceId).toBe(request.spanContext().traceId);
    }
  });

  it('makes no span for a command outside any span', async () => {
    exporter.reset();
    await client.get('hits');
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
