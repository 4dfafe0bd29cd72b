import { freePort, inheritedEnv, repoRoot, runNodeScript, sleep, startProcess, type TestSystem } from '@shop/testing';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadResult } from '../src/runner';
import { startShop } from './support/shop';

const LOADGEN = join(repoRoot(), 'dist', 'tools', 'loadgen', 'main.cjs');

const loadgen = (args: string[]) => runNodeScript(LOADGEN, args);

describe('load generator against the whole shop (real processes)', () => {
  let shop: TestSystem;

  beforeAll(async () => {
    if (!existsSync(LOADGEN)) throw new Error(`${LOADGEN} is missing: run \`nx build loadgen\` (nx test loadgen does)`);
    shop = await startShop();
  }, 120_000);

  afterAll(async () => {
    await shop?.stop();
  });

  it('runs every step of the journey, approving and declining cards, and what it reports happened', async () => {
    const { code, stdout, stderr } = await loadgen(['--target', shop.gatewayUrl, '--concurrency', '3', '--warmup', '1s', '--duration', '4s', '--decline-ratio', '0.3', '--max-error-ratio', '0', '--json']);
    expect(code, stderr).toBe(0);
    const { summary, setup } = JSON.parse(stdout) as LoadResult;
    expect(setup.latencyMs.steps.map((step) => step.step).sort()).toEqual(['login', 'register']);
    expect(setup.users).toBe(3);
    expect(summary.journeys).toBeGreaterThan(0);
    expect(summary.failedRequests).toBe(0);
    expect(summary.errors).toEqual({});
    expect(summary.latencyMs.steps.map((step) => step.step)).toEqual(['browse', 'product', 'add_to_cart', 'checkout', 'list_orders']);
    for (const step of summary.latencyMs.steps) {
      expect(step.count, step.step).toBe(summary.journeys);
      expect(step.p50! <= step.p90! && step.p90! <= step.p99! && step.p99! <= step.max!, JSON.stringify(step)).toBe(true);
    }
    expect(summary.outcomes['order_confirmed']).toBeGreaterThan(0);
    expect(summary.outcomes['order_declined']).toBeGreaterThan(0);

    // The orders are real: the order service holds at least the ones measured (the warm-up made more),
    // confirmed ones for approved cards and failed ones for declined cards.
    const orders = new pg.Pool({ connectionString: shop.databases.order.url, max: 1 });
    try {
      const { rows } = await orders.query<{ state: string; count: string }>('SELECT state, count(*) FROM orders GROUP BY state');
      const count = (state: string) => Number(rows.find((row) => row.state === state)?.count ?? 0);
      expect(count('CONFIRMED')).toBeGreaterThanOrEqual(summary.outcomes['order_confirmed']!);
      expect(count('FAILED')).toBeGreaterThanOrEqual(summary.outcomes['order_declined']!);
    } finally {
      await orders.end();
    }
  });

  it('keeps an open-model schedule and prints the table', async () => {
    const { code, stdout, stderr } = await loadgen(['--target', shop.gatewayUrl, '--rate', '4', '--concurrency', '4', '--warmup', '0s', '--duration', '3s']);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('4 journeys/s open model, at most 4 in flight');
    expect(stdout).toMatch(/^latency \(ms\)\s+count\s+p50\s+p90\s+p99\s+max$/m);
    expect(stdout).toMatch(/^checkout\s+\d+/m);
    // A fixed schedule of 4/s for 3 s starts at most 12 journeys (+1 at the boundary).
    const [, ok, failed, missed] = /journeys\s+(\d+) ok, (\d+) failed, (\d+) missed/.exec(stdout)!;
    expect(Number(ok) + Number(failed) + Number(missed)).toBeLessThanOrEqual(13);
    expect(Number(ok)).toBeGreaterThan(0);
  });

  it('ends a run early on SIGTERM and still reports it', async () => {
    const run = startProcess({ name: 'loadgen', command: process.execPath, args: [LOADGEN, '--target', shop.gatewayUrl, '--concurrency', '2', '--warmup', '0s', '--duration', '1h', '--json'], env: inheritedEnv() });
    await run.waitForLine((line) => line.startsWith('loadgen: running:'), 60_000);
    await sleep(2_000);
    run.signal('SIGTERM');
    expect((await run.exited).code, run.output()).toBe(0);
    const { summary } = JSON.parse(run.lines.filter((line) => line.stream === 'stdout').map((line) => line.text).join('\n')) as LoadResult;
    expect(summary.journeys).toBeGreaterThan(0);
    expect(summary.durationSeconds).toBeGreaterThan(1);
    expect(summary.durationSeconds).toBeLessThan(600);
  });

  it('counts errors by kind and exits 2 when no user can even sign up', async () => {
    const { code, stderr } = await loadgen(['--target', `http://127.0.0.1:${await freePort()}`, '--concurrency', '2', '--duration', '1s', '--setup-timeout', '5s']);
    expect(code).toBe(2);
    expect(stderr).toContain('no virtual user could sign up');
    expect(stderr).toContain('"register: network_ECONNREFUSED":2');
  });

  it('exits 2 on bad options, naming them', async () => {
    const { code, stderr } = await loadgen(['--target', shop.gatewayUrl, '--rate', 'fast']);
    expect(code).toBe(2);
    expect(stderr).toContain("--rate: expected a number at least 0.01, got 'fast'");
  });
});
