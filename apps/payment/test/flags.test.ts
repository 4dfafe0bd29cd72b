import { status } from '@grpc/grpc-js';
import { eventually, freshDatabase, startApp, startOtlpReceiver, type FreshDatabase, type OtlpReceiver, type RunningApp } from '@shop/testing';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargeRequest, failure, paymentClient, type PaymentClient } from './support';

/*
 * Fault flags at run time: payment reads a flags file (flagd's format, as a ConfigMap mounts it)
 * and follows its changes without a restart; a bad value is refused and the last good one stays.
 */

let db: FreshDatabase;
let dir: string;
let flagsFile: string;
let app: RunningApp;
let client: PaymentClient;
let otlp: OtlpReceiver;

/** flagd's file format: one variant per value, the default variant in force. */
function flags(values: Record<string, unknown>): string {
  return JSON.stringify({
    flags: Object.fromEntries(
      Object.entries(values).map(([key, value]) => [key, { state: 'ENABLED', variants: { current: value }, defaultVariant: 'current' }]),
    ),
  });
}

const metric = async (name: string, flag: string) => {
  const text = await (await fetch(`http://127.0.0.1:${app.adminPort}/metrics`)).text();
  return Number(text.match(new RegExp(`^${name}\\{flag="${flag}"[^}]*\\} (\\S+)$`, 'm'))?.[1]);
};

beforeAll(async () => {
  db = await freshDatabase('payment_flags');
  dir = await mkdtemp(join(tmpdir(), 'shop-flags-'));
  flagsFile = join(dir, 'flags.json');
  await writeFile(flagsFile, flags({ 'payment-failure-ratio': 0, 'payment-latency-ms': 0 }));
  otlp = await startOtlpReceiver();
  const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '100' };
  app = await startApp('payment', { mode: 'source', env: { DATABASE_URL: db.url, FLAGS_FILE: flagsFile, ...tracing } });
  client = paymentClient(app.grpcAddress);
});

afterAll(async () => {
  client?.close();
  await app?.stop();
  await otlp?.close();
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('payment fault flags', () => {
  it('are off by default, turn a failure ratio on and off without a restart, and refuse a bad value', { timeout: 60_000 }, async () => {
    await expect(client.charge(chargeRequest())).resolves.toHaveProperty('payment');
    expect(await metric('feature_flag_value', 'payment-failure-ratio')).toBe(0);

    await writeFile(flagsFile, flags({ 'payment-failure-ratio': 1, 'payment-latency-ms': 0 }));
    expect(await eventually(async () => (await metric('feature_flag_value', 'payment-failure-ratio')) === 1, 20_000)).toBe(true);
    expect((await failure(client.charge(chargeRequest()))).code).toBe(status.UNAVAILABLE);

    // Out of range, then of the wrong type: refused with a log line; the ratio in force stays 1.
    await writeFile(flagsFile, flags({ 'payment-failure-ratio': 5, 'payment-latency-ms': 0 }));
    await app.process.waitForLine((_line, log) => log?.['msg'] === 'flag value refused; the last good value stays in force' && log['flag'] === 'payment-failure-ratio', 20_000);
    expect(await metric('feature_flag_refused_total', 'payment-failure-ratio')).toBeGreaterThanOrEqual(1);
    expect(await metric('feature_flag_value', 'payment-failure-ratio')).toBe(1);
    expect((await failure(client.charge(chargeRequest()))).code).toBe(status.UNAVAILABLE);

    // The status it fails with: UNAVAILABLE by default, any other but OK from the file; OK is refused.
    const code = async () => {
      const text = await (await fetch(`http://127.0.0.1:${app.adminPort}/metrics`)).text();
      return /^feature_flag_info\{flag="payment-failure-code",value="(\w+)"/m.exec(text)?.[1];
    };
    expect(await code()).toBe('UNAVAILABLE');
    await writeFile(flagsFile, flags({ 'payment-failure-ratio': 1, 'payment-failure-code': 'RESOURCE_EXHAUSTED' }));
    expect(await eventually(async () => (await code()) === 'RESOURCE_EXHAUSTED', 20_000)).toBe(true);
    expect((await failure(client.charge(chargeRequest()))).code).toBe(status.RESOURCE_EXHAUSTED);
    await writeFile(flagsFile, flags({ 'payment-failure-ratio': 1, 'payment-failure-code': 'OK' }));
    await app.process.waitForLine((_line, log) => log?.['msg'] === 'flag value refused; the last good value stays in force' && log['flag'] === 'payment-failure-code', 20_000);
    expect((await failure(client.charge(chargeRequest()))).code).toBe(status.RESOURCE_EXHAUSTED);

    await writeFile(flagsFile, flags({ 'payment-failure-ratio': 0, 'payment-latency-ms': 0 }));
    expect(await eventually(async () => (await metric('feature_flag_value', 'payment-failure-ratio')) === 0, 20_000)).toBe(true);
    expect(await code()).toBe('UNAVAILABLE'); // unset: the default again
    await expect(client.charge(chargeRequest())).resolves.toHaveProperty('payment');
    expect(app.process.logs.filter((log) => log['msg'] === 'payment listening')).toHaveLength(1); // never restarted
  });

  it("show in the request's trace and in the metrics: the payment latency and the chassis' database latency", { timeout: 60_000 }, async () => {
    await writeFile(flagsFile, flags({ 'payment-failure-ratio': 0, 'payment-latency-ms': 20, 'db-latency-ms': 30 }));
    expect(await eventually(async () => (await metric('feature_flag_value', 'db-latency-ms')) === 30, 20_000)).toBe(true);
    expect(await metric('feature_flag_value', 'payment-latency-ms')).toBe(20);
    await expect(client.charge(chargeRequest())).resolves.toHaveProperty('payment');

    const flagged = (key: string) =>
      otlp.spans.some((span) => span.service === 'payment' && span.events.some((event) => event.name === 'feature_flag.evaluation' && event.attributes['feature_flag.key'] === key));
    expect(await eventually(async () => flagged('payment-latency-ms') && flagged('db-latency-ms'), 10_000)).toBe(true);
    const event = otlp.spans.flatMap((span) => span.events).find((candidate) => candidate.attributes['feature_flag.key'] === 'db-latency-ms');
    expect(event?.attributes['feature_flag.result.value']).toBe('30');

    await writeFile(flagsFile, flags({ 'payment-failure-ratio': 0, 'payment-latency-ms': 0 }));
    expect(await eventually(async () => (await metric('feature_flag_value', 'db-latency-ms')) === 0, 20_000)).toBe(true); // unset: the default, off
  });
});
