import { Client, credentials, Metadata, status } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { openContext, runWithContext } from '@shop/context';
import { failure } from '@shop/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createClient, GrpcServer, NotFoundError, parseRequest, QuotaExceededError, quotaRefusalOf, ResourceExhaustedError, type RpcMetrics, type ServiceClient } from '../src';
import type { RelayServiceDefinition } from '../src/testing';
import { relayDefinition as definition, startRelayServer, type RelayServer } from './relay-server';

const silent = pino({ level: 'silent' });
const startRelay = (name: string, clientOptions = {}) => startRelayServer({ name, clientOptions });

describe('retries (grpc service config)', () => {
  let leaf: RelayServer;
  let client: ServiceClient<RelayServiceDefinition>;

  beforeAll(async () => {
    leaf = await startRelay('leaf');
    client = createClient(definition, {
      target: leaf.address,
      retry: { maxAttempts: 4, initialBackoffMs: 200, maxBackoffMs: 1000, backoffMultiplier: 2 },
    });
  });
  afterAll(async () => {
    client.close();
    await leaf.stop();
  });

  it('retries a method marked idempotent across one UNAVAILABLE', async () => {
    const response = await client.relay({ key: 'idem', leafFailCode: status.UNAVAILABLE, leafFailTimes: 1 });
    expect(response.hops).toHaveLength(1);
    expect((await client.getStats({ key: 'idem' })).attempts).toBe(2);
  });

  it('never retries a method that is not marked idempotent', async () => {
    const error = await failure(client.relayOnce({ key: 'once', leafFailCode: status.UNAVAILABLE, leafFailTimes: 1 }));
    expect(error.code).toBe(status.UNAVAILABLE);
    expect((await client.getStats({ key: 'once' })).attempts).toBe(1);
  });

  it('retries only UNAVAILABLE', async () => {
    const error = await failure(client.relay({ key: 'internal', leafFailCode: status.INTERNAL, leafFailTimes: 1 }));
    expect(error.code).toBe(status.INTERNAL);
    expect((await client.getStats({ key: 'internal' })).attempts).toBe(1);
  });

  it('starts no retry after the deadline', async () => {
    const sentAt = Date.now();
    const error = await failure(
      client.relay({ key: 'late', leafFailCode: status.UNAVAILABLE }, { timeoutMs: 300 }),
    );
    const deadline = sentAt + 300;
    expect([status.DEADLINE_EXCEEDED, status.UNAVAILABLE]).toContain(error.code);
    // Backoff would have placed attempts 3 and 4 at ~600 ms and ~1400 ms: wait past both.
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const stats = await client.getStats({ key: 'late' });
    expect(stats.attempts).toBeGreaterThanOrEqual(1);
    expect(stats.attempts).toBeLessThan(4);
    for (const at of stats.attemptTimesMs) expect(at).toBeLessThan(deadline);
  });
});

describe('deadlines and cancellation in one process', () => {
  it('sends a call made inside a deadline context with that deadline minus the margin', async () => {
    const leaf = await startRelay('leaf');
    const marginMs = 1000;
    const client = createClient(definition, { target: leaf.address, deadlineMarginMs: marginMs, defaultTimeoutMs: 30_000 });
    try {
      const deadline = Date.now() + 5000;
      const controller = new AbortController();
      const { hops } = await runWithContext({ deadline, signal: controller.signal }, () => client.relay({ key: 'propagated' }));
      const received = hops[0]?.deadlineMs ?? 0;
      // The wire carries the time left (grpc-timeout), so the server's deadline is ours minus the
      // margin plus the time the request spent in transit (milliseconds on loopback, more on a busy
      // machine: half the margin is allowed for it). Without propagation it would be 30 s away.
      expect(received).toBeGreaterThanOrEqual(deadline - marginMs - 5);
      expect(received).toBeLessThanOrEqual(deadline - marginMs / 2);
    } finally {
      client.close();
      await leaf.stop();
    }
  });

  it('fails at once, without sending, when the budget is already spent', async () => {
    const leaf = await startRelay('leaf');
    const client = createClient(definition, { target: leaf.address });
    try {
      const error = await failure(client.relay({ key: 'spent' }, { timeoutMs: 0 }));
      expect(error.code).toBe(status.DEADLINE_EXCEEDED);
      expect((await client.getStats({ key: 'spent' })).attempts).toBe(0);
    } finally {
      client.close();
      await leaf.stop();
    }
  });

  it('gives a stalled leaf the caller budget and no more', async () => {
    const leaf = await startRelay('leaf');
    const middle = await startRelay('middle');
    const client = createClient(definition, { target: middle.address });
    try {
      const started = Date.now();
      const error = await failure(client.relay({ key: 'stall', nextHops: [leaf.address], leafSleepMs: 5000 }, { timeoutMs: 400 }));
      expect(error.code).toBe(status.DEADLINE_EXCEEDED);
      expect(Date.now() - started).toBeLessThan(2000);
      // The leaf saw its call cancelled instead of sleeping on.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const leafClient = createClient(definition, { target: leaf.address });
      expect((await leafClient.getStats({ key: 'stall' })).cancelled).toBe(1);
      leafClient.close();
    } finally {
      client.close();
      await middle.stop();
      await leaf.stop();
    }
  });

  it("answers DEADLINE_EXCEEDED, not CANCELLED, when the caller's context runs out before the call's own deadline fires", async () => {
    // The order a busy event loop can produce: the context's timer fires before grpc-js's deadline
    // timer (here forced by a negative margin, which puts the call's deadline after the context's).
    const leaf = await startRelay('leaf');
    const client = createClient(definition, { target: leaf.address, deadlineMarginMs: -2000 });
    try {
      const opened = openContext(Date.now() + 300);
      const error = await failure(opened.run(() => client.relay({ key: 'context-ends', leafSleepMs: 5000 })));
      opened.close();
      expect(error.code).toBe(status.DEADLINE_EXCEEDED);
      // Cancelled by its caller before the deadline, it stays CANCELLED.
      const early = openContext(Date.now() + 5000);
      const pending = failure(early.run(() => client.relay({ key: 'caller-left', leafSleepMs: 5000 })));
      setTimeout(() => early.cancel(new Error('client went away')), 100);
      expect((await pending).code).toBe(status.CANCELLED);
      early.close();
    } finally {
      client.close();
      await leaf.stop();
    }
  });
});

describe('server RED metrics', () => {
  it('counts each handled call once, with the code its caller got; a call whose caller left as CANCELLED; health checks not at all', async () => {
    const outcomes: string[] = [];
    const metrics: RpcMetrics = {
      serverMethod: (service, method) => ({ started: () => undefined, handled: (code) => outcomes.push(`${service}/${method} ${status[code]}`) }),
      clientMethod: () => ({ started: () => undefined, handled: () => undefined }),
    };
    const leaf = await startRelayServer({ name: 'leaf', metrics });
    const client = createClient(definition, { target: leaf.address, retry: false });
    const health = new Client(leaf.address, credentials.createInsecure());
    const check = healthService['Check']!;
    try {
      await client.relay({ key: 'ok' });
      expect((await failure(client.relayOnce({ key: 'failed', leafFailCode: status.FAILED_PRECONDITION }))).code).toBe(status.FAILED_PRECONDITION);
      const gone = openContext(Date.now() + 5000);
      const pending = failure(gone.run(() => client.relay({ key: 'gone', leafSleepMs: 300 })));
      setTimeout(() => gone.cancel(new Error('client went away')), 50);
      expect((await pending).code).toBe(status.CANCELLED);
      gone.close();
      await new Promise<void>((resolve, reject) =>
        health.makeUnaryRequest(check.path, check.requestSerialize, check.responseDeserialize, { service: '' }, (error) => (error ? reject(error) : resolve())),
      );
      // The cancelled handler finishes its 300 ms sleep and answers into the void: still counted once.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(outcomes).toEqual([
        'shop.testing.v1.RelayService/Relay OK',
        'shop.testing.v1.RelayService/RelayOnce FAILED_PRECONDITION',
        'shop.testing.v1.RelayService/Relay CANCELLED',
      ]);
    } finally {
      health.close();
      client.close();
      await leaf.stop();
    }
  });
});

describe('RED metrics binding', () => {
  it("binds each method's metrics once, when its service is added or its client made, and counts every call on both sides", async () => {
    const bound: string[] = [];
    const counted: string[] = [];
    const recorder = (side: string) => (service: string, method: string) => {
      bound.push(`${side} ${method}`);
      return {
        started: () => counted.push(`${side} ${method} started`),
        handled: (code: status, seconds: number) => counted.push(`${side} ${method} ${status[code]} ${seconds >= 0 ? 'timed' : 'untimed'}`),
      };
    };
    const metrics: RpcMetrics = { serverMethod: recorder('server'), clientMethod: recorder('client') };
    const server = new GrpcServer({ logger: silent, metrics, reflection: false });
    server.addService(definition, { Relay: async () => ({ hops: [] }), RelayOnce: async () => ({ hops: [] }), GetStats: async () => ({}) });
    const port = await server.listen('127.0.0.1', 0);
    const client = createClient(definition, { target: `127.0.0.1:${port}`, metrics });
    try {
      expect(bound.sort()).toEqual(['client GetStats', 'client Relay', 'client RelayOnce', 'server GetStats', 'server Relay', 'server RelayOnce']);
      for (let i = 0; i < 3; i++) await client.relay({});
      expect(bound).toHaveLength(6);
      expect(counted.filter((line) => line.startsWith('client Relay'))).toEqual(Array(3).fill(['client Relay started', 'client Relay OK timed']).flat());
      expect(counted.filter((line) => line.startsWith('server Relay'))).toEqual(Array(3).fill(['server Relay started', 'server Relay OK timed']).flat());
    } finally {
      client.close();
      await server.shutdown(1000);
    }
  });
});

describe('status mapping', () => {
  it('maps domain errors and hides internal ones', async () => {
    const server = new GrpcServer({ logger: silent });
    let mode = 'not-found';
    server.addService(definition, {
      Relay: async () => {
        if (mode === 'not-found') throw new NotFoundError('no such relay');
        throw new Error('database password is hunter2 at /srv/app.js:12');
      },
      RelayOnce: async () => ({ hops: [] }),
      GetStats: async () => ({}),
    });
    const port = await server.listen('127.0.0.1', 0);
    const client = createClient(definition, { target: `127.0.0.1:${port}` });
    try {
      const notFound = await failure(client.relay({}));
      expect(notFound.code).toBe(status.NOT_FOUND);
      expect(notFound.details).toBe('no such relay');
      mode = 'crash';
      const internal = await failure(client.relay({}));
      expect(internal.code).toBe(status.INTERNAL);
      expect(internal.details).toBe('internal error');
      expect(JSON.stringify(internal.metadata.getMap())).not.toContain('hunter2');
      expect(internal.metadata).toBeInstanceOf(Metadata);
    } finally {
      client.close();
      await server.shutdown(1000);
    }
  });
});

describe('quota refusals', () => {
  it('carry a QuotaFailure and RetryInfo the caller can read; plain RESOURCE_EXHAUSTED does not', async () => {
    const server = new GrpcServer({ logger: silent });
    let refusal: Error = new QuotaExceededError('too many failed logins', 'login:account', 42_500);
    server.addService(definition, {
      Relay: async () => {
        throw refusal;
      },
      RelayOnce: async () => ({ hops: [] }),
      GetStats: async () => ({}),
    });
    const port = await server.listen('127.0.0.1', 0);
    const client = createClient(definition, { target: `127.0.0.1:${port}` });
    try {
      const refused = await failure(client.relay({}));
      expect(refused.code).toBe(status.RESOURCE_EXHAUSTED);
      expect(quotaRefusalOf(refused)).toEqual({ subject: 'login:account', description: 'too many failed logins', retryAfterMs: 42_500 });
      refusal = new ResourceExhaustedError('out of workers');
      const overloaded = await failure(client.relay({}));
      expect(overloaded.code).toBe(status.RESOURCE_EXHAUSTED);
      expect(quotaRefusalOf(overloaded)).toBeUndefined();
    } finally {
      client.close();
      await server.shutdown(1000);
    }
  });
});

describe('request validation', () => {
  it('answers a malformed request with INVALID_ARGUMENT naming every bad field, before any work', async () => {
    const server = new GrpcServer({ logger: silent });
    let worked = 0;
    const relayRequest = z.object({
      key: z.string().min(1).max(64),
      leafSleepMs: z.number().int().min(0).max(10_000),
    });
    server.addService(definition, {
      Relay: async (request) => {
        parseRequest(relayRequest, request, 'RelayRequest');
        worked++;
        return { hops: [] };
      },
      RelayOnce: async () => ({ hops: [] }),
      GetStats: async () => ({}),
    });
    const port = await server.listen('127.0.0.1', 0);
    const client = createClient(definition, { target: `127.0.0.1:${port}` });
    try {
      const error = await failure(client.relay({ key: '', leafSleepMs: -5 }));
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(error.details).toContain('key');
      expect(error.details).toContain('leaf_sleep_ms');
      expect(worked).toBe(0);
      await client.relay({ key: 'fine', leafSleepMs: 0 });
      expect(worked).toBe(1);
    } finally {
      client.close();
      await server.shutdown(1000);
    }
  });
});
