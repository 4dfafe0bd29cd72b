import { Metadata, status } from '@grpc/grpc-js';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { isTargetFailure, QuotaExceededError, toStatus } from '@shop/rpc';
import { createBreaker, isCircuitOpenError, type Breaker } from './index';

/** An error as grpc-js reports a failed call. */
function grpcError(code: status): Error {
  return Object.assign(new Error(`${code} ${status[code]}: boom`), { code, details: 'boom', metadata: new Metadata() });
}

/** A fake RPC that counts how often it really ran. */
function fakeCall(outcome: () => Promise<string>) {
  const call = { count: 0, run: () => ((call.count += 1), outcome()) };
  return call;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createBreaker', () => {
  const breakers: Breaker[] = [];
  function breaker(target: string, registry = new Registry(), resetTimeoutMs = 200) {
    const b = createBreaker({ target, registry, resetTimeoutMs, isFailure: isTargetFailure });
    breakers.push(b);
    return b;
  }
  afterEach(() => {
    for (const b of breakers.splice(0)) b.shutdown();
  });

  it('passes results and errors through unchanged while closed', async () => {
    const b = breaker('catalog');
    await expect(b.fire(async () => 'ok')).resolves.toBe('ok');
    const notFound = grpcError(status.NOT_FOUND);
    await expect(b.fire(() => Promise.reject(notFound))).rejects.toBe(notFound);
    expect(b.state()).toBe('closed');
  });

  it('opens after repeated UNAVAILABLE, then fails fast without calling the target', async () => {
    const b = breaker('inventory');
    const failing = fakeCall(() => Promise.reject(grpcError(status.UNAVAILABLE)));
    for (let i = 0; i < 5; i++) await expect(b.fire(failing.run)).rejects.toMatchObject({ code: status.UNAVAILABLE });
    expect(b.state()).toBe('open');
    expect(failing.count).toBe(5);

    const started = performance.now();
    const err: unknown = await b.fire(failing.run).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(20);
    expect(failing.count).toBe(5); // not invoked
    expect(isCircuitOpenError(err)).toBe(true);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: status.UNAVAILABLE, details: 'circuit open for inventory' });
    expect((err as Error).message).toContain('circuit open for inventory');
    expect((err as { metadata: unknown }).metadata).toBeInstanceOf(Metadata);
    const retryAfterMs = (err as { retryAfterMs: number }).retryAfterMs;
    expect(retryAfterMs).toBeGreaterThan(100);
    expect(retryAfterMs).toBeLessThanOrEqual(200);
  });

  it('takes new thresholds at run time (the run-time flags of an operator)', async () => {
    const b = breaker('payment', new Registry(), 60_000);
    const failing = fakeCall(() => Promise.reject(grpcError(status.UNAVAILABLE)));
    b.setThresholds({ errorThresholdPercentage: 100 }); // never more than 100% failures: never opens
    for (let i = 0; i < 8; i++) await expect(b.fire(failing.run)).rejects.toMatchObject({ code: status.UNAVAILABLE });
    expect(b.state()).toBe('closed');

    b.setThresholds({ errorThresholdPercentage: 50, resetTimeoutMs: 300 });
    await expect(b.fire(failing.run)).rejects.toMatchObject({ code: status.UNAVAILABLE });
    expect(b.state()).toBe('open');
    const err = await b.fire(failing.run).catch((e: unknown) => e);
    expect((err as { retryAfterMs: number }).retryAfterMs).toBeLessThanOrEqual(300); // the new reset timeout
  });

  it('counts every kind of target failure and errors without a gRPC code', async () => {
    for (const failure of [grpcError(status.DEADLINE_EXCEEDED), grpcError(status.INTERNAL), grpcError(status.RESOURCE_EXHAUSTED), new Error('ECONNRESET')]) {
      const b = breaker(`t-${failure.message}`);
      for (let i = 0; i < 5; i++) await b.fire(() => Promise.reject(failure)).catch(() => undefined);
      expect(b.state(), failure.message).toBe('open');
    }
  });

  it('half-opens after the reset timeout and closes on a successful trial', async () => {
    const b = breaker('payments', new Registry(), 200);
    for (let i = 0; i < 5; i++) await b.fire(() => Promise.reject(grpcError(status.UNAVAILABLE))).catch(() => undefined);
    expect(b.state()).toBe('open');
    await sleep(250);
    expect(b.state()).toBe('half-open');
    const healthy = fakeCall(async () => 'paid');
    await expect(b.fire(healthy.run)).resolves.toBe('paid');
    expect(healthy.count).toBe(1);
    expect(b.state()).toBe('closed');
  });

  it('re-opens when the half-open trial fails', async () => {
    const b = breaker('payments', new Registry(), 100);
    for (let i = 0; i < 5; i++) await b.fire(() => Promise.reject(grpcError(status.UNAVAILABLE))).catch(() => undefined);
    await sleep(150);
    expect(b.state()).toBe('half-open');
    await b.fire(() => Promise.reject(grpcError(status.UNAVAILABLE))).catch(() => undefined);
    expect(b.state()).toBe('open');
  });

  it("never opens on a caller's mistakes, however many, and rethrows them unchanged", async () => {
    const b = breaker('users');
    const mistakes = [
      status.INVALID_ARGUMENT,
      status.NOT_FOUND,
      status.FAILED_PRECONDITION,
      status.ALREADY_EXISTS,
      status.PERMISSION_DENIED,
      status.UNAUTHENTICATED,
      status.CANCELLED,
      status.ABORTED,
      status.OUT_OF_RANGE,
    ];
    const call = fakeCall(() => Promise.reject(grpcError(status.INVALID_ARGUMENT)));
    for (let i = 0; i < 50; i++) {
      const err = grpcError(mistakes[i % mistakes.length] ?? status.INVALID_ARGUMENT);
      await expect(b.fire(() => Promise.reject(err))).rejects.toBe(err);
      await expect(b.fire(call.run)).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    }
    expect(call.count).toBe(50);
    expect(b.state()).toBe('closed');
  });

  it("never opens on a limiter's refusal (RESOURCE_EXHAUSTED with a QuotaFailure), but does on overload", async () => {
    // The trailer exactly as the chassis's server sends it for a QuotaExceededError.
    const { metadata } = toStatus(new QuotaExceededError('too many failed logins', 'login:account', 60_000));
    const refusal = Object.assign(grpcError(status.RESOURCE_EXHAUSTED), { metadata });
    const b = breaker('users');
    for (let i = 0; i < 50; i++) await expect(b.fire(() => Promise.reject(refusal))).rejects.toBe(refusal);
    expect(b.state()).toBe('closed');
    const overloaded = breaker('users-overloaded');
    for (let i = 0; i < 5; i++) await overloaded.fire(() => Promise.reject(grpcError(status.RESOURCE_EXHAUSTED))).catch(() => undefined);
    expect(overloaded.state()).toBe('open');
  });

  it('exports state and events to the given registry, several breakers sharing it', async () => {
    const registry = new Registry();
    const inventory = breaker('inventory:50053', registry);
    const catalog = breaker('catalog:50052', registry);
    await catalog.fire(async () => 'ok');
    for (let i = 0; i < 5; i++) await inventory.fire(() => Promise.reject(grpcError(status.UNAVAILABLE))).catch(() => undefined);
    await inventory.fire(async () => 'rejected').catch(() => undefined);

    const text = await registry.metrics();
    expect(text).toContain('# TYPE circuit_breaker_state gauge');
    expect(text).toContain('circuit_breaker_state{target="inventory:50053"} 2');
    expect(text).toContain('circuit_breaker_state{target="catalog:50052"} 0');
    expect(text).toContain('circuit_breaker_events_total{target="inventory:50053",event="failure"} 5');
    expect(text).toContain('circuit_breaker_events_total{target="inventory:50053",event="open"} 1');
    expect(text).toContain('circuit_breaker_events_total{target="inventory:50053",event="reject"} 1');
    expect(text).toContain('circuit_breaker_events_total{target="catalog:50052",event="success"} 1');
    expect(text).toContain('circuit_breaker_events_total{target="catalog:50052",event="open"} 0');
  });

  it('counts every event once across reads of the registry, and keeps what a breaker counted after it is shut down', async () => {
    const registry = new Registry();
    const catalog = breaker('catalog:50052', registry);
    await catalog.fire(async () => 'ok');
    expect(await registry.metrics()).toContain('circuit_breaker_events_total{target="catalog:50052",event="success"} 1');
    await catalog.fire(async () => 'ok');
    await catalog.fire(async () => 'ok');
    expect(await registry.metrics()).toContain('circuit_breaker_events_total{target="catalog:50052",event="success"} 3');
    expect(await registry.metrics()).toContain('circuit_breaker_events_total{target="catalog:50052",event="success"} 3');
    await catalog.fire(async () => 'ok');
    catalog.shutdown();
    expect(await registry.metrics()).toContain('circuit_breaker_events_total{target="catalog:50052",event="success"} 4');
  });
});
