import { context, propagation, trace } from '@opentelemetry/api';
import { freshDatabase, startOtlpReceiver, type FreshDatabase } from '@shop/testing';
import { shutdownTracing, startTracing } from '@shop/tracing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPool, query, withTransaction } from '../src';

describe('database spans', () => {
  let db: FreshDatabase;
  let pool: pg.Pool;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;

  beforeAll(async () => {
    db = await freshDatabase('db_tracing');
    pool = createPool({ connectionString: db.url, applicationName: 'db-test-tracing', max: 2 });
    receiver = await startOtlpReceiver();
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', receiver.endpoint);
    vi.stubEnv('OTEL_EXPORTER_OTLP_PROTOCOL', 'http/json');
    startTracing({ serviceName: 'db-tracing' });
  });
  afterAll(async () => {
    await shutdownTracing();
    vi.unstubAllEnvs();
    trace.disable();
    context.disable();
    propagation.disable();
    await receiver?.close();
    await pool?.end();
    await db?.drop();
  });

  /** Runs `work` under a caller's span context received as W3C `traceparent`. */
  const underCaller = <T>(traceparent: string, work: () => Promise<T>) =>
    context.with(propagation.extract(context.active(), { traceparent }), work);

  it('records a statement and a transaction as children of a sampled caller, and builds none under an unsampled one', async () => {
    const sampledTrace = '1af7651916cd43dd8448eb211c80319c';
    await underCaller(`00-${sampledTrace}-b7ad6b7169203331-01`, async () => {
      await query(pool, 'SELECT 1 AS one');
      await withTransaction(pool, (tx) => tx.query('SELECT 2 AS two'));
    });

    // Unsampled: the caller's span stands in inside the work (its span id, not a new one), and nothing is exported.
    const unsampledTrace = '0af7651916cd43dd8448eb211c80319c';
    const spanIdsInside: string[] = [];
    await underCaller(`00-${unsampledTrace}-c7ad6b7169203331-00`, async () => {
      await withTransaction(pool, async (tx) => {
        spanIdsInside.push(trace.getActiveSpan()!.spanContext().spanId);
        return tx.query('SELECT 3 AS three');
      });
    });
    expect(spanIdsInside).toEqual(['c7ad6b7169203331']);

    await shutdownTracing();
    const sampled = receiver.spans.filter((span) => span.traceId === sampledTrace);
    expect(sampled.map((span) => span.name).sort()).toEqual(['SELECT', 'transaction']);
    expect(sampled.every((span) => span.parentSpanId === 'b7ad6b7169203331')).toBe(true);
    expect(receiver.spans.filter((span) => span.traceId === unsampledTrace)).toEqual([]);
  });
});
