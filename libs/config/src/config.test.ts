import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { databaseEnv, durationMs, grpcTarget, parseConfig, port, redisEnv, serviceEnv } from './index';

const Schema = z.object({
  ...serviceEnv({ port: 50051, adminPort: 9464 }),
  ...databaseEnv('postgres://shop:shop@127.0.0.1:5432/orders'),
  ...redisEnv('redis://127.0.0.1:6379'),
  CATALOG_ADDR: grpcTarget('dns:///127.0.0.1:50052'),
  PAYMENT_TIMEOUT_MS: durationMs(2000),
  STRIPE_SECRET_KEY: z.string().startsWith('sk_'),
});

function errorsOf(env: Record<string, string | undefined>): string[] {
  const result = parseConfig(Schema, { STRIPE_SECRET_KEY: 'sk_test', ...env });
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.errors;
}

describe('parseConfig', () => {
  it('applies local defaults', () => {
    const result = parseConfig(Schema, { STRIPE_SECRET_KEY: 'sk_test' });
    expect(result).toEqual({
      ok: true,
      config: {
        HOST: '0.0.0.0',
        PORT: 50051,
        ADMIN_PORT: 9464,
        LOG_LEVEL: 'info',
        SHUTDOWN_DRAIN_MS: 0,
        SHUTDOWN_TIMEOUT_MS: 10_000,
        OTEL_TRACES_SAMPLER_ARG: 1,
        SHOP_PROFILE: 'production',
        DATABASE_URL: 'postgres://shop:shop@127.0.0.1:5432/orders',
        DB_POOL_MAX: 10,
        DB_PREPARED_STATEMENTS: true,
        REDIS_URL: 'redis://127.0.0.1:6379',
        CATALOG_ADDR: 'dns:///127.0.0.1:50052',
        PAYMENT_TIMEOUT_MS: 2000,
        STRIPE_SECRET_KEY: 'sk_test',
      },
    });
  });

  it('coerces strings from the environment into typed values', () => {
    const result = parseConfig(Schema, {
      STRIPE_SECRET_KEY: 'sk_live_x',
      HOST: '127.0.0.1',
      PORT: '0',
      ADMIN_PORT: '9100',
      LOG_LEVEL: 'debug',
      SHUTDOWN_DRAIN_MS: '5000',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
      OTEL_TRACES_SAMPLER_ARG: '0.1',
      DB_POOL_MAX: '20',
      CATALOG_ADDR: 'catalog.shop.svc.cluster.local:50051',
      UNRELATED: 'ignored',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const config = result.config;
    expect(config.PORT).toBe(0);
    expect(config.ADMIN_PORT).toBe(9100);
    expect(config.LOG_LEVEL).toBe('debug');
    expect(config.SHUTDOWN_DRAIN_MS).toBe(5000);
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel-collector:4318');
    expect(config.OTEL_TRACES_SAMPLER_ARG).toBe(0.1);
    expect(config.DB_POOL_MAX).toBe(20);
    expect(config.CATALOG_ADDR).toBe('catalog.shop.svc.cluster.local:50051');
    expect(config).not.toHaveProperty('UNRELATED');
  });

  it('treats empty values as unset', () => {
    const result = parseConfig(Schema, { STRIPE_SECRET_KEY: 'sk_test', PORT: '', LOG_LEVEL: '' });
    expect(result.ok && result.config.PORT).toBe(50051);
    expect(result.ok && result.config.LOG_LEVEL).toBe('info');
  });

  it('reports every bad variable at once, with what was received', () => {
    const errors = errorsOf({ PORT: '70000', LOG_LEVEL: 'verbose', CATALOG_ADDR: 'catalog' });
    expect(errors).toEqual([
      'PORT: expected an integer from 0 to 65535 (received "70000")',
      expect.stringMatching(/^LOG_LEVEL: .*"info".* \(received "verbose"\)$/),
      expect.stringMatching(/^CATALOG_ADDR: expected a gRPC target.* \(received "catalog"\)$/),
    ]);
  });

  it('says which variables are missing', () => {
    expect(parseConfig(Schema, {})).toEqual({ ok: false, errors: ['STRIPE_SECRET_KEY: is required'] });
  });

  it('never echoes secrets', () => {
    const errors = errorsOf({
      STRIPE_SECRET_KEY: 'pk_oops_this_is_secret',
      DATABASE_URL: 'mysql://admin:hunter2@db:3306/orders',
      REDIS_URL: 'not a url :hunter3@',
    });
    const text = errors.join('\n');
    expect(errors).toHaveLength(3);
    expect(text).toContain('STRIPE_SECRET_KEY: Invalid string: must start with "sk_" (received <hidden>)');
    // The shape of a URL helps; its password never does.
    expect(text).toContain('DATABASE_URL: expected a postgres:// URL (received "mysql://admin:***@db:3306/orders")');
    expect(text).toContain('REDIS_URL: expected a redis:// or rediss:// URL (received <hidden: not a URL>)');
    expect(text).not.toMatch(/this_is_secret|hunter2|hunter3/);
  });

  it('reads DB_PREPARED_STATEMENTS as true or false, nothing else', () => {
    const prepared = (value: string) => parseConfig(Schema, { STRIPE_SECRET_KEY: 'sk_test', DB_PREPARED_STATEMENTS: value });
    expect(prepared('false')).toMatchObject({ ok: true, config: { DB_PREPARED_STATEMENTS: false } });
    expect(prepared('true')).toMatchObject({ ok: true, config: { DB_PREPARED_STATEMENTS: true } });
    expect(errorsOf({ DB_PREPARED_STATEMENTS: 'no' })).toEqual([expect.stringMatching(/^DB_PREPARED_STATEMENTS: .*"true".*"false".* \(received "no"\)$/)]);
  });

  it('validates the helpers on their own', () => {
    expect(port(8080).parse(undefined)).toBe(8080);
    expect(port(8080).safeParse('-1').success).toBe(false);
    expect(port(8080).safeParse('80.5').success).toBe(false);
    expect(durationMs(100).safeParse('2147483648').success).toBe(false);
    for (const target of ['dns:///orders:50051', 'dns://8.8.8.8/orders.svc:50051', 'dns:orders:1', '[::1]:50051', 'ipv4:127.0.0.1:1', 'unix:/tmp/s.sock']) {
      expect(grpcTarget('x:1').safeParse(target).success, target).toBe(true);
    }
    for (const target of ['orders', 'dns:///orders', 'http://orders:50051', 'orders :50051']) {
      expect(grpcTarget('x:1').safeParse(target).success, target).toBe(false);
    }
  });
});
