import { context, propagation, trace } from '@opentelemetry/api';
import { eventually, startOtlpReceiver, type OtlpReceiver } from '@shop/testing';
import { shutdownTracing, startTracing } from '@shop/tracing';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { requestSpan } from '../src/request-span';

const CLIENT_TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

describe('the HTTP server span at the edge', () => {
  let otlp: OtlpReceiver;
  let server: Server;
  let seen: { traceId?: string; baggage?: unknown; outgoing?: Record<string, string> } = {};

  beforeAll(async () => {
    otlp = await startOtlpReceiver();
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', otlp.endpoint);
    vi.stubEnv('OTEL_EXPORTER_OTLP_PROTOCOL', 'http/json');
    vi.stubEnv('OTEL_BSP_SCHEDULE_DELAY', '50');
    startTracing({ serviceName: 'edge-test' });
    const app = express();
    app.use(requestSpan());
    app.get('/items/:id', (_req, res) => {
      const active = context.active();
      const outgoing: Record<string, string> = {};
      propagation.inject(active, outgoing); // what a call to a service behind the edge would carry
      seen = { traceId: trace.getSpan(active)?.spanContext().traceId, baggage: propagation.getBaggage(active), outgoing };
      res.json({ ok: true });
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await shutdownTracing();
    vi.unstubAllEnvs();
    await otlp?.close();
  });

  it("starts a new trace, keeps the client's traceparent as a link, drops inbound baggage, and names the span by its route", async () => {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/items/42`, {
      headers: { traceparent: `00-${CLIENT_TRACE_ID}-b7ad6b7169203331-01`, baggage: 'tenant=evil,user.id=someone-else' },
    });
    expect(response.status).toBe(200);
    const traceId = /^00-([0-9a-f]{32})-[0-9a-f]{16}-0[01]$/.exec(response.headers.get('traceresponse') ?? '')?.[1];
    expect(traceId).toBeDefined();
    expect(traceId).not.toBe(CLIENT_TRACE_ID);
    expect(seen.traceId).toBe(traceId);
    expect(seen.baggage).toBeUndefined();
    expect(seen.outgoing?.['baggage']).toBeUndefined();
    expect(seen.outgoing?.['traceparent']).toContain(traceId);

    expect(await eventually(() => otlp.spans.some((span) => span.traceId === traceId))).toBe(true);
    const spans = otlp.spans.filter((span) => span.traceId === traceId);
    expect(spans.map((span) => span.name)).toEqual(['GET /items/:id']);
    expect(spans[0]?.parentSpanId).toBe('');
    expect(spans[0]?.linkedTraceIds).toEqual([CLIENT_TRACE_ID]);
    expect(otlp.spans.some((span) => span.traceId === CLIENT_TRACE_ID)).toBe(false);
  });
});
