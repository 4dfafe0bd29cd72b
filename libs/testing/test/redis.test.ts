import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisUrl, uniqueKeyPrefix } from '../src';

describe('Redis from the harness', () => {
  const client = new Redis(redisUrl(), { keyPrefix: uniqueKeyPrefix('harness') });
  afterAll(() => client.quit());

  it('is a working server', async () => {
    await client.set('greeting', 'hello', 'EX', 60);
    expect(await client.get('greeting')).toBe('hello');
  });

  it('hands out key prefixes that do not collide', () => {
    const prefixes = new Set(Array.from({ length: 100 }, () => uniqueKeyPrefix('x')));
    expect(prefixes.size).toBe(100);
  });
});
