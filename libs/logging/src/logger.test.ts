import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REDACT_PATHS, createLogger } from './index';

/** Collects pino's output in memory, one parsed object per line. */
function memory() {
  const chunks: string[] = [];
  return {
    destination: { write: (chunk: string) => void chunks.push(chunk) },
    text: () => chunks.join(''),
    lines: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  const contextManager = new AsyncLocalStorageContextManager();
  const provider = new TracerProvider();

  beforeAll(() => {
    context.setGlobalContextManager(contextManager.enable());
    trace.setGlobalTracerProvider(provider);
  });
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
  });

  it('writes JSON lines with service, ISO time and a string level', () => {
    const out = memory();
    const log = createLogger({ service: 'orders', level: 'info', destination: out.destination });
    log.info({ orderId: 'o-1' }, 'placed');
    log.debug('not at this level');
    const [line, ...rest] = out.lines();
    expect(rest).toEqual([]);
    expect(line).toMatchObject({ level: 'info', service: 'orders', orderId: 'o-1', msg: 'placed' });
    expect(line?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(line).not.toHaveProperty('trace_id');
  });

  it("stamps lines inside an active span with that span's trace_id and span_id", async () => {
    const out = memory();
    const log = createLogger({ service: 'orders', level: 'info', destination: out.destination });
    const tracer = trace.getTracer('test');
    const ids = await tracer.startActiveSpan('PlaceOrder', async (span) => {
      // Across an await: the context must follow the async continuation, not the call stack.
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.child({ method: 'PlaceOrder' }).info('inside');
      span.end();
      return span.spanContext();
    });
    log.info('outside');
    const [inside, outside] = out.lines();
    expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(inside).toMatchObject({ msg: 'inside', trace_id: ids.traceId, span_id: ids.spanId, method: 'PlaceOrder' });
    expect(outside).not.toHaveProperty('trace_id');
    expect(outside).not.toHaveProperty('span_id');
  });

  it('leaves out ids of an invalid span context', () => {
    const out = memory();
    const log = createLogger({ service: 'orders', level: 'info', destination: out.destination });
    const span = trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 });
    context.with(trace.setSpan(context.active(), span), () => log.info('x'));
    expect(out.lines()[0]).not.toHaveProperty('trace_id');
  });

  it('redacts every secret path and never prints a card number', () => {
    const out = memory();
    const log = createLogger({ service: 'payments', level: 'info', destination: out.destination });
    const card = '4242424242424242';
    const secrets = {
      authorization: 'Bearer top',
      cookie: 'sid=top',
      password: 'pw-top',
      passwordHash: '$argon2id$top',
      token: 'tok-top',
      accessToken: 'at-top',
      access_token: 'at_-top',
      refreshToken: 'rt-top',
      cardNumber: card,
      cvc: '123',
      card: { number: card, cvc: '321', brand: 'visa' },
    };
    log.info({
      ...secrets,
      req: { method: 'POST', url: '/checkout', headers: { authorization: 'Bearer abc', cookie: 'sid=1', 'set-cookie': ['a=1'], accept: '*/*' } },
      headers: { authorization: 'Bearer def' },
      metadata: { authorization: 'Bearer ghi' },
      user: { email: 'a@b.c', ...secrets },
      body: { payment: { ...secrets }, items: [{ sku: 'SKU-1' }] },
    }, 'checkout');
    // Child bindings go through the same redaction.
    log.child({ user: { password: 'bound-secret' } }).info({ payment: { card: { number: card } } }, 'child');
    log.error({ err: Object.assign(new Error('declined'), { token: 'err-own-secret' }) }, 'failed');
    log.child({ a: 1 }).child({ req: { headers: { authorization: 'Bearer bound-grandchild' } } }).info('grandchild');

    expect(out.text()).not.toContain(card);
    // The short secrets (CVCs '123', '321') are also digits a timestamp or a stack frame's line number
    // can hold: search every logged value but those two, which carry no caller data.
    const text = out
      .lines()
      .map(({ time: _time, err, ...rest }) => JSON.stringify({ ...rest, err: err && { ...(err as object), stack: undefined } }))
      .join('\n');
    for (const secret of ['top', 'abc', 'def', 'ghi', 'sid=1', 'a=1', '123', '321', 'bound-secret', 'bound-grandchild', 'err-own-secret']) {
      expect(text, secret).not.toMatch(new RegExp(`"[^"]*${secret}[^"]*"`));
    }
    const [line, , errLine] = out.lines();
    expect(errLine).toMatchObject({ err: { type: 'Error', message: 'declined', token: '[REDACTED]' } });
    const redactedSecrets = Object.fromEntries(
      Object.keys(secrets).map((key) => [key, key === 'card' ? { number: '[REDACTED]', cvc: '[REDACTED]', brand: 'visa' } : '[REDACTED]']),
    );
    expect(line).toMatchObject({
      ...redactedSecrets,
      req: { method: 'POST', headers: { authorization: '[REDACTED]', cookie: '[REDACTED]', 'set-cookie': '[REDACTED]', accept: '*/*' } },
      headers: { authorization: '[REDACTED]' },
      metadata: { authorization: '[REDACTED]' },
      user: { email: 'a@b.c', ...redactedSecrets },
      body: { payment: redactedSecrets, items: [{ sku: 'SKU-1' }] },
    });
  });

  it('does not touch the objects callers log', () => {
    const out = memory();
    const log = createLogger({ service: 'users', level: 'info', destination: out.destination });
    const user = { id: 'u-1', password: 'still-here', profile: { token: 't' } };
    log.info({ user }, 'registered');
    expect(user).toEqual({ id: 'u-1', password: 'still-here', profile: { token: 't' } });
  });

  it('covers each secret at the top level and one and two levels deep', () => {
    for (const path of ['password', '*.password', '*.*.password', 'card.number', '*.card.number', '*.*.card.number', '*.*.authorization']) {
      expect(REDACT_PATHS).toContain(path);
    }
  });

  it('stamps each line with the time it was written, to the millisecond', () => {
    const out = memory();
    const log = createLogger({ service: 'orders', level: 'info', destination: out.destination });
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const first = Date.parse('2026-12-01T10:00:00.000Z');
      for (const offset of [0, 0, 1, 1000]) {
        vi.setSystemTime(first + offset);
        log.info({ offset }, 'tick');
      }
    } finally {
      vi.useRealTimers();
    }
    expect(out.lines().map((line) => line['time'])).toEqual([
      '2026-12-01T10:00:00.000Z',
      '2026-12-01T10:00:00.000Z',
      '2026-12-01T10:00:00.001Z',
      '2026-12-01T10:00:01.000Z',
    ]);
  });
});
