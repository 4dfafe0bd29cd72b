import { status } from '@grpc/grpc-js';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { failure } from '@shop/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, GrpcServer, NotFoundError, type ServiceClient } from '../src';
import type { RelayServiceDefinition } from '../src/testing';
import { relayDefinition as definition } from './relay-server';

describe('gRPC spans', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const server = new GrpcServer({ logger: pino({ level: 'silent' }), reflection: false });
  let client: ServiceClient<RelayServiceDefinition>;

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(provider);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    server.addService(definition, {
      Relay: async () => ({ hops: [] }),
      RelayOnce: async () => {
        throw new NotFoundError('no such relay');
      },
      GetStats: async () => {
        throw new Error('a bug');
      },
    });
    const port = await server.listen('127.0.0.1', 0);
    client = createClient(definition, { target: `127.0.0.1:${port}`, retry: false });
  });
  afterAll(async () => {
    client.close();
    await server.shutdown(1000);
    await provider.shutdown();
    trace.disable();
    propagation.disable();
    context.disable();
  });

  it("ends both sides' spans with the call's code; an error status for any failure on the client, only for a server fault on the server", async () => {
    const root = trace.getTracer('test').startSpan('checkout');
    await context.with(trace.setSpan(context.active(), root), async () => {
      await client.relay({});
      expect((await failure(client.relayOnce({}))).code).toBe(status.NOT_FOUND);
      expect((await failure(client.getStats({}))).code).toBe(status.INTERNAL);
    });
    root.end();

    const spans = exporter.getFinishedSpans();
    const outcome = (method: string, kind: SpanKind) => {
      const span = spans.find((s) => s.name === `shop.testing.v1.RelayService/${method}` && s.kind === kind);
      return span && { code: span.attributes['rpc.grpc.status_code'], error: span.status.code === SpanStatusCode.ERROR, traceId: span.spanContext().traceId };
    };
    const traceId = root.spanContext().traceId;
    expect(outcome('Relay', SpanKind.CLIENT)).toEqual({ code: status.OK, error: false, traceId });
    expect(outcome('Relay', SpanKind.SERVER)).toEqual({ code: status.OK, error: false, traceId });
    expect(outcome('RelayOnce', SpanKind.CLIENT)).toEqual({ code: status.NOT_FOUND, error: true, traceId });
    expect(outcome('RelayOnce', SpanKind.SERVER)).toEqual({ code: status.NOT_FOUND, error: false, traceId });
    expect(outcome('GetStats', SpanKind.CLIENT)).toEqual({ code: status.INTERNAL, error: true, traceId });
    expect(outcome('GetStats', SpanKind.SERVER)).toEqual({ code: status.INTERNAL, error: true, traceId });
  });
});
