import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '@shop/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { PrometheusClient, PrometheusError } from '../src/prometheus';

// A stand-in for Prometheus's HTTP API that answers what each test scripts: the retry policy is the
// subject here, and a real Prometheus cannot be made to answer 503 on cue. The gate against a real
// Prometheus is in gate.test.ts.
let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function stub(answer: (call: number, body: string, res: ServerResponse) => void): Promise<{ url: string; calls: () => number }> {
  let calls = 0;
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => answer(++calls, body, res));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls: () => calls };
}

const vector = (...values: string[]) =>
  JSON.stringify({ status: 'success', data: { resultType: 'vector', result: values.map((value, i) => ({ metric: { i: String(i) }, value: [1, value] })) } });

function client(url: string, attempts = 3): PrometheusClient {
  return new PrometheusClient({ url, timeoutMs: 500, attempts, backoffMs: 10 });
}

describe('Prometheus client', () => {
  it('posts the query at the given instant and reads one series', async () => {
    let received = '';
    const prometheus = await stub((_call, body, res) => {
      received = body;
      res.end(vector('0.25'));
    });
    expect(await client(prometheus.url).value('sum(up)', 1700000000.5)).toBe(0.25);
    expect(new URLSearchParams(received).get('query')).toBe('sum(up)');
    expect(new URLSearchParams(received).get('time')).toBe('1700000000.5');
  });

  it('answers undefined for no series and for NaN', async () => {
    let next = vector();
    const prometheus = await stub((_call, _body, res) => res.end(next));
    expect(await client(prometheus.url).value('sum(nothing)', 1)).toBeUndefined();
    next = vector('NaN');
    expect(await client(prometheus.url).value('histogram_quantile(0.99, nothing)', 1)).toBeUndefined();
  });

  it('retries 503 with backoff, then answers', async () => {
    const prometheus = await stub((call, _body, res) => {
      if (call < 3) res.writeHead(503).end('{"status":"error","errorType":"unavailable","error":"starting"}');
      else res.end(vector('7'));
    });
    expect(await client(prometheus.url).value('sum(up)', 1)).toBe(7);
    expect(prometheus.calls()).toBe(3);
  });

  it('gives up after the attempts allowed, listing each failure', async () => {
    const prometheus = await stub((_call, _body, res) => res.writeHead(500).end('{"status":"error","errorType":"internal","error":"boom"}'));
    const error = await client(prometheus.url, 2).value('sum(up)', 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrometheusError);
    expect((error as Error).message).toContain('attempt 2: HTTP 500 internal: boom');
    expect(prometheus.calls()).toBe(2);
  });

  it('does not retry a query Prometheus rejects', async () => {
    const prometheus = await stub((_call, _body, res) =>
      res.writeHead(400).end('{"status":"error","errorType":"bad_data","error":"parse error at char 5"}'),
    );
    const error = await client(prometheus.url).value('sum(', 1).catch((e: unknown) => e);
    expect((error as Error).message).toContain('HTTP 400 bad_data: parse error at char 5');
    expect(prometheus.calls()).toBe(1);
  });

  it('refuses several series: the gate compares one number per version', async () => {
    const prometheus = await stub((_call, _body, res) => res.end(vector('1', '2')));
    await expect(client(prometheus.url).value('up', 1)).rejects.toThrow('answered 2 series; aggregate it to one');
  });

  it('times out a Prometheus that does not answer, and retries it', async () => {
    const prometheus = await stub(() => undefined);
    const error = await client(prometheus.url, 2).value('sum(up)', 1).catch((e: unknown) => e);
    expect((error as Error).message).toContain('attempt 2: no answer within 500 ms');
    expect(prometheus.calls()).toBe(2);
  });

  it('fails when nothing listens', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    await expect(client(url, 2).value('sum(up)', 1)).rejects.toThrow(/attempt 2: ECONNREFUSED/);
  });
});
