import { runToolJson } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import type { Results } from '../src/report';

// Timings are never asserted here: the benchmark reports them. This only shows that every row of
// `npm run bench` still runs and produces figures, so that the benchmark cannot rot.
describe('npm run bench --smoke', () => {
  it('produces figures for every row of every part', async () => {
    const { code, json: results, output } = await runToolJson<Results>(['tools/bench/src/main.ts', '--smoke', '--json']);
    expect(code, output).toBe(0);
    expect(results.smoke).toBe(true);
    expect(results.commit).toMatch(/^[0-9a-f]{40}$/);
    const parts = new Set(results.rows.map((row) => row.part.split(/[,:(]/)[0]!.trim()));
    expect([...parts]).toEqual(expect.arrayContaining(['gRPC hop', 'edge', 'checkout', 'journeys', 'per app', 'faults', 'start-up', 'storefront', 'targets']));
    for (const row of results.rows) {
      expect(Object.keys(row.figures).length, row.name).toBeGreaterThan(0);
      for (const [figure, value] of Object.entries(row.figures)) expect(Number.isFinite(value), `${row.part} / ${row.name} / ${figure}`).toBe(true);
    }
    for (const part of ['per app', 'start-up']) {
      expect(results.rows.filter((row) => row.part.startsWith(part)).map((row) => row.name).sort(), part).toEqual(['gateway', 'inventory', 'order', 'payment', 'user']);
    }
  });
});
