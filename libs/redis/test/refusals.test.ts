import { status } from '@grpc/grpc-js';
import { startRedisServer, type LocalServer } from '@shop/local-system';
import { isDependencyOutage, toStatus } from '@shop/rpc';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../src';

// A full Redis under `noeviction` (the chart's policy) refuses writes with an OOM reply: that is an
// outage of the dependency (UNAVAILABLE, 503 at the edge), not a bug (INTERNAL, 500).
describe('a Redis that refuses to serve', () => {
  let server: LocalServer;
  let client: Redis;

  beforeAll(async () => {
    server = await startRedisServer();
    client = createRedis({ url: server.url, keyPrefix: 'refusals:' });
    // Without an offline queue, commands fail until the client has connected.
    if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
    await client.config('SET', 'maxmemory-policy', 'noeviction');
    await client.config('SET', 'maxmemory', '1');
  });
  afterAll(async () => {
    // The server is stopped even when the client never connected (a failed beforeAll).
    try {
      await client?.quit();
    } finally {
      await server?.stop();
    }
  });

  it('is UNAVAILABLE when it is out of memory, while a reply error about the call itself stays a bug', async () => {
    const full = await client.set('cart:1', 'x'.repeat(1024)).catch((error: unknown) => error);
    expect(full).toBeInstanceOf(Error);
    expect((full as Error).message).toMatch(/^OOM /);
    expect(isDependencyOutage(full)).toBe(true);
    expect(toStatus(full).code).toBe(status.UNAVAILABLE);

    const wrongArity = await client.call('HGET', 'only-a-key').catch((error: unknown) => error);
    expect((wrongArity as Error).message).toMatch(/^ERR wrong number of arguments/);
    expect(isDependencyOutage(wrongArity)).toBe(false);
    expect(toStatus(wrongArity).code).toBe(status.INTERNAL);
  });
});
