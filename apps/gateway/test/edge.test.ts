import {
  describeAppLifecycle,
  redisUrl,
  startApp,
  startOtlpReceiver,
  type OtlpReceiver,
  type RunningApp,
} from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// No user service here: start without waiting for its token keys.
const JWT_KEY_WAIT_MS = '0';

describeAppLifecycle('gateway', { database: false, redis: true, env: { JWT_KEY_WAIT_MS } });

describe('the built gateway', () => {
  let otlp: OtlpReceiver;
  let gateway: RunningApp;

  beforeAll(async () => {
    otlp = await startOtlpReceiver();
    gateway = await startApp('gateway', {
      mode: 'built',
      env: {
        JWT_KEY_WAIT_MS,
        REDIS_URL: redisUrl(),
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    await otlp?.close();
  });

  it('answers an unknown route with problem+json', async () => {
    const response = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it('is traced from the bundle: one span per request, named by its route, in a new trace linked to the client traceparent', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const response = await fetch(`http://127.0.0.1:${gateway.port}/api/openapi.json`, { headers: { traceparent } });
    const traceId = /^00-([0-9a-f]{32})-/.exec(response.headers.get('traceresponse') ?? '')?.[1];
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const ours = () => otlp.spans.filter((span) => span.traceId === traceId);
    const httpSpan = () => ours().some((span) => span.name.startsWith('GET'));
    for (let waited = 0; !httpSpan() && waited < 5000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const spans = ours();
    expect(spans.every((span) => span.service === 'gateway')).toBe(true);
    expect(spans.some((span) => span.name.startsWith('GET'))).toBe(true); // the HTTP server span
    // The route span: named by the route, the client's trace only linked, no span per Express middleware.
    expect(spans.map((span) => span.name)).toEqual(['GET /api/openapi.json']);
    expect(spans[0]?.linkedTraceIds).toEqual(['0af7651916cd43dd8448eb211c80319c']);
  });
});
