import { createMetrics } from '@shop/metrics';
import { freePort, redisUrl, uniqueKeyPrefix } from '@shop/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../src';

/** The count of redis_command_duration_seconds for one command and outcome, from the exposition. */
async function count(registry: ReturnType<typeof createMetrics>['registry'], command: string, outcome: string) {
  const text = await registry.metrics();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('redis_command_duration_seconds_count{') && l.includes(`command="${command}"`) && l.includes(`outcome="${outcome}"`));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

async function ready(client: Redis): Promise<Redis> {
  if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
  return client;
}

describe('redis_command_duration_seconds, against a real Redis', () => {
  const prefix = uniqueKeyPrefix('redismetrics');
  const { registry } = createMetrics({ service: 'inventory', defaultMetrics: false });
  let client: Redis;

  beforeAll(async () => {
    client = await ready(createRedis({ url: redisUrl(), keyPrefix: prefix, registry }));
  });
  afterAll(async () => {
    await client?.quit();
  });

  it('times each command that gets a reply as ok, labelled by command', async () => {
    await client.set('greeting', 'hello', 'EX', 60);
    await client.get('greeting');
    await client.get('greeting');
    expect(await count(registry, 'set', 'ok')).toBe(1);
    expect(await count(registry, 'get', 'ok')).toBe(2);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE redis_command_duration_seconds histogram');
    expect(text).toMatch(/redis_command_duration_seconds_bucket\{le="0\.0001",service="inventory",command="get",outcome="ok"\} \d/);
  });

  it('counts every command of a pipeline', async () => {
    await client.pipeline().incr('hits').incr('hits').expire('hits', 60).exec();
    expect(await count(registry, 'incr', 'ok')).toBe(2);
    expect(await count(registry, 'expire', 'ok')).toBe(1);
  });

  it('records a reply error as error', async () => {
    await client.set('a-string', 'x', 'EX', 60);
    await expect(client.lpush('a-string', 'item')).rejects.toThrow(/WRONGTYPE/);
    expect(await count(registry, 'lpush', 'error')).toBe(1);
  });

  it('records a command cut off by the client\'s commandTimeout as timeout', async () => {
    const slow = await ready(createRedis({ url: redisUrl(), keyPrefix: prefix, registry, commandTimeoutMs: 100 }));
    try {
      await expect(slow.blpop('never-filled', 5)).rejects.toThrow('Command timed out');
      expect(await count(registry, 'blpop', 'timeout')).toBe(1);
      expect(await count(registry, 'blpop', 'error')).toBe(0);
    } finally {
      slow.disconnect();
    }
  });

  it('records a command refused because Redis is unreachable as error', async () => {
    const down = createRedis({ url: `redis://127.0.0.1:${await freePort()}`, keyPrefix: prefix, registry });
    try {
      await expect(down.get('anything')).rejects.toThrow();
      expect(await count(registry, 'get', 'error')).toBe(1);
    } finally {
      down.disconnect();
    }
  });

  it("leaves out the connection's own set-up (CLIENT SETINFO, the INFO ready check)", async () => {
    const fresh = await ready(createRedis({ url: redisUrl(), keyPrefix: prefix, registry }));
    try {
      const text = await registry.metrics();
      for (const command of ['client', 'info', 'hello', 'select']) expect(text).not.toContain(`command="${command}"`);
      await fresh.info('server');
      expect(await count(registry, 'info', 'ok')).toBe(1);
    } finally {
      await fresh.quit();
    }
  });

  it('leaves a client created without a registry unmetered', async () => {
    const other = await ready(createRedis({ url: redisUrl(), keyPrefix: prefix }));
    try {
      const before = await count(registry, 'get', 'ok');
      await other.get('greeting');
      expect(await count(registry, 'get', 'ok')).toBe(before);
    } finally {
      await other.quit();
    }
  });
});
