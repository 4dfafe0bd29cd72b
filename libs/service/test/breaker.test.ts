import { status } from '@grpc/grpc-js';
import { freshDatabase, type FreshDatabase, type RunningApp } from '@shop/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure, relayClient, sleep, startRelay } from './support/relay';

/**
 * A calls B through the chassis client; A's breaker for B is what is under test. Each test gets its
 * own pair, so one test's calls never sit in another's rolling window.
 */
describe('the circuit breaker around a downstream service', () => {
  let db: FreshDatabase;
  let a: RunningApp, b: RunningApp;

  beforeAll(async () => {
    db = await freshDatabase('breaker');
  });

  beforeEach(async () => {
    const env = {
      DATABASE_URL: db.url,
      BREAKER_RESET_TIMEOUT_MS: '1000',
      BREAKER_VOLUME_THRESHOLD: '5',
      BREAKER_ERROR_THRESHOLD_PERCENT: '50',
    };
    [a, b] = await Promise.all([startRelay('relay-a', env), startRelay('relay-b', env)]);
  });

  afterEach(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  afterAll(async () => {
    await db?.drop();
  });

  const breakerState = async () => {
    const text = await (await fetch(`http://127.0.0.1:${a.adminPort}/metrics`)).text();
    return Number(/circuit_breaker_state\{[^}]*target="relay-next"[^}]*\} (\d)/.exec(text)?.[1]);
  };

  it('never opens on a caller mistake (INVALID_ARGUMENT), however many', async () => {
    const client = relayClient(a.grpcAddress);
    for (let i = 0; i < 20; i++) {
      const error = await failure(
        client.relayOnce({ key: 'invalid', nextHops: [b.grpcAddress], leafFailCode: status.INVALID_ARGUMENT }),
      );
      // B's INVALID_ARGUMENT is A's internal problem, not A's caller's: A answers INTERNAL.
      expect(error.code).toBe(status.INTERNAL);
    }
    expect(await breakerState()).toBe(0);
    const leaf = relayClient(b.grpcAddress);
    expect((await leaf.getStats({ key: 'invalid' })).attempts).toBe(20);
    leaf.close();
    client.close();
  });

  it('opens after repeated UNAVAILABLE, answers at once while open, closes after recovery', async () => {
    const client = relayClient(a.grpcAddress);
    const leaf = relayClient(b.grpcAddress);
    // B fails the first 5 attempts for this key with UNAVAILABLE, then recovers.
    const request = { key: 'outage', nextHops: [b.grpcAddress], leafFailCode: status.UNAVAILABLE, leafFailTimes: 5 };
    for (let i = 0; i < 5; i++) expect((await failure(client.relayOnce(request))).code).toBe(status.UNAVAILABLE);
    expect(await breakerState()).toBe(2);

    // Open: A answers UNAVAILABLE at once and B sees nothing.
    const started = performance.now();
    const rejected = await failure(client.relayOnce(request));
    expect(rejected.code).toBe(status.UNAVAILABLE);
    expect(rejected.details).toContain('circuit open');
    expect(performance.now() - started).toBeLessThan(200);
    expect((await leaf.getStats({ key: 'outage' })).attempts).toBe(5);

    // After the reset timeout one trial call goes through (half-open); B has recovered, so it closes.
    await sleep(1200);
    expect(await breakerState()).toBe(1);
    const response = await client.relayOnce(request);
    expect(response.hops.map((hop) => hop.name)).toEqual(['relay-a', 'relay-b']);
    expect(await breakerState()).toBe(0);
    expect((await leaf.getStats({ key: 'outage' })).attempts).toBe(6);
    client.close();
    leaf.close();
  });
});
