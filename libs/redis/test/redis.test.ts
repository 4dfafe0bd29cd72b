import { createServer, type Server, type Socket } from 'node:net';
import { DeadlineExceededError, runWithContext } from '@shop/context';
import { freePort, redisUrl, uniqueKeyPrefix } from '@shop/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRedis, createRedis, withRedisBudget } from '../src';

function withDeadline<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  return runWithContext({ deadline: Date.now() + ms, signal: controller.signal }, fn).finally(() =>
    clearTimeout(timer),
  );
}

/** Waits until the client has finished connecting (with no offline queue, commands fail before that). */
async function ready(client: Redis): Promise<Redis> {
  if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
  return client;
}

describe('@shop/redis against a real Redis', () => {
  const prefix = uniqueKeyPrefix('redislib');
  let client: Redis;
  let raw: Redis; // no prefix: sees keys as the server stores them

  beforeAll(async () => {
    client = await ready(createRedis({ url: redisUrl(), keyPrefix: prefix }));
    raw = new Redis(redisUrl());
  });
  afterAll(async () => {
    await client?.quit();
    await raw?.quit();
  });

  it('prefixes every key with the app prefix', async () => {
    await client.set('cart:42', 'three items', 'EX', 60);
    expect(await raw.get(`${prefix}cart:42`)).toBe('three items');
    expect(await raw.exists('cart:42')).toBe(0);
    expect(await client.get('cart:42')).toBe('three items');
  });

  it('checkRedis is true when Redis answers', async () => {
    expect(await checkRedis(client)).toBe(true);
  });

  it('a blocked command gives up when the call budget runs out', async () => {
    // Its own connection: the BLPOP keeps blocking server-side, as documented on withRedisBudget.
    const blocking = await ready(createRedis({ url: redisUrl(), keyPrefix: prefix, commandTimeoutMs: 10_000 }));
    try {
      const started = Date.now();
      await expect(withDeadline(200, () => withRedisBudget(() => blocking.blpop('never-filled', 5)))).rejects.toBeInstanceOf(
        DeadlineExceededError,
      );
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(190);
      expect(elapsed).toBeLessThan(600);
    } finally {
      blocking.disconnect();
    }
  });

  it('the client-wide commandTimeout still bounds a command outside any call', async () => {
    const blocking = await ready(createRedis({ url: redisUrl(), keyPrefix: prefix, commandTimeoutMs: 150 }));
    try {
      const started = Date.now();
      await expect(withRedisBudget(() => blocking.blpop('never-filled', 5))).rejects.toThrow('Command timed out');
      expect(Date.now() - started).toBeLessThan(600);
    } finally {
      blocking.disconnect();
    }
  });

  it('makes no call at all when the budget is already spent', async () => {
    let called = false;
    await expect(
      runWithContext({ deadline: Date.now() - 1, signal: AbortSignal.abort() }, () =>
        withRedisBudget(() => {
          called = true;
          return client.set('should-not-exist', '1');
        }),
      ),
    ).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(called).toBe(false);
    expect(await client.exists('should-not-exist')).toBe(0);
  });

  it('passes results through when the budget suffices', async () => {
    await client.set('counter', '1', 'EX', 60);
    expect(await withDeadline(1_000, () => withRedisBudget(() => client.incr('counter')))).toBe(2);
  });
});

describe('@shop/redis when Redis is unreachable', () => {
  let blackhole: Server;
  const sockets = new Set<Socket>();
  let blackholePort: number;

  beforeAll(async () => {
    // Accepts connections and never answers: a hung server, not a refused port.
    blackhole = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
    blackholePort = (blackhole.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => blackhole.close(resolve));
  });

  it('fails a command at once when nothing listens on the port', async () => {
    const errors: Error[] = [];
    const client = createRedis({
      url: `redis://127.0.0.1:${await freePort()}`,
      keyPrefix: 'x:',
      onError: (error) => errors.push(error),
    });
    try {
      const started = Date.now();
      await expect(client.get('anything')).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(200);
      expect(await checkRedis(client, 300)).toBe(false);
      await expect.poll(() => errors.length).toBeGreaterThan(0); // reported, not thrown at the process
    } finally {
      client.disconnect();
    }
  });

  it('fails quickly against a server that accepts but never answers', async () => {
    const client = createRedis({ url: `redis://127.0.0.1:${blackholePort}`, keyPrefix: 'x:', commandTimeoutMs: 300 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 50)); // let the TCP connect happen
      const started = Date.now();
      await expect(client.get('anything')).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(500);
      expect(await checkRedis(client, 300)).toBe(false);
    } finally {
      client.disconnect();
    }
  });
});
