import { runToolJson } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import type { Results } from '../src/report';

// The short form of `npm run chaos`: a few faults injected for real under load. It asserts the
// rules — no 5xx but 503/504, no INTERNAL failure in the apps' logs, every order at rest, the
// invariants — and that each fault was really felt and measured; never how fast anything was.
describe('npm run chaos --short', () => {
  it('answers every fault by the rules', async () => {
    const { code, json: results, output } = await runToolJson<Results>(['tools/chaos/src/main.ts', '--short', '--json']);
    expect(results.short).toBe(true);
    expect(results.rows.map((row) => row.fault)).toEqual([
      'order SIGKILLed and restarted (twice)',
      'Redis stopped for 5 s, restarted empty',
      "order's Postgres connections reset (pg_terminate_backend)",
      'login flood on one account',
    ]);
    for (const row of results.rows) {
      const where = `${row.fault}: ${JSON.stringify(row)}`;
      expect(row.requests, where).toBeGreaterThan(0);
      expect(row.otherServerErrors, where).toEqual({});
      expect(row.internalLogged, where).toBe(0);
      expect(row.atRest, where).toBe(true);
      expect(row.violations, where).toEqual([]);
      expect(row.recoverySeconds, where).not.toBeNull(); // NaN in JSON: the shop never answered again
      expect(row.ok, where).toBe(true);
    }
    // The faults were felt: killing order and stopping Redis left callers with 503s for a while.
    expect(results.rows[0]!.unavailable).toBeGreaterThan(0);
    expect(results.rows[1]!.unavailable).toBeGreaterThan(0);
    expect(code, output).toBe(0);
  });
});
