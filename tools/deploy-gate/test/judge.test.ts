import { describe, expect, it } from 'vitest';
import { parseGateDefinition, type Check } from '../src/definition';
import { judgeCheck, overallVerdict, type CheckResult } from '../src/judge';

function check(raw: Record<string, unknown>): Check {
  return parseGateDefinition({
    prometheus: { url: 'http://127.0.0.1:9090' },
    window: '5m',
    minRequests: 100,
    selectors: { canary: { track: 'canary' }, stable: { track: 'stable' } },
    checks: [raw],
  }).checks[0]!;
}

const errors = check({ type: 'grpc-errors', maxIncreaseOverStable: 0.005, max: 0.05 });
const latency = check({ type: 'grpc-latency', maxRatioToStable: 1.2, toleranceSeconds: 0.025, maxSeconds: 1 });
const MIN = 100;

describe('judging one check', () => {
  it('passes a canary within 0.5 percentage points of stable, fails one beyond', () => {
    expect(judgeCheck(errors, { value: 0.014, requests: 1000 }, { value: 0.01, requests: 5000 }, MIN).verdict).toBe('PASS');
    const failed = judgeCheck(errors, { value: 0.016, requests: 1000 }, { value: 0.01, requests: 5000 }, MIN);
    expect(failed.verdict).toBe('FAIL');
    expect(failed.reasons).toEqual(['canary 1.60% is not ≤ stable + 0.50 pp']);
  });

  it('fails a canary over the absolute SLO even when stable is as bad', () => {
    const result = judgeCheck(errors, { value: 0.2, requests: 1000 }, { value: 0.2, requests: 5000 }, MIN);
    expect(result.verdict).toBe('FAIL');
    expect(result.reasons).toEqual(['canary 20.00% is not ≤ 5.00%']);
  });

  it('is INCONCLUSIVE, never PASS, when the canary served too few requests', () => {
    const result = judgeCheck(errors, { value: 0, requests: 99 }, { value: 0, requests: 5000 }, MIN);
    expect(result.verdict).toBe('INCONCLUSIVE');
    expect(result.reasons).toEqual(['canary served 99 requests in the window, fewer than 100']);
    expect(judgeCheck(errors, { value: undefined, requests: 0 }, { value: 0, requests: 5000 }, MIN).verdict).toBe('INCONCLUSIVE');
  });

  it('is INCONCLUSIVE when stable has too little traffic to compare with, unless an absolute limit already failed', () => {
    const quiet = judgeCheck(errors, { value: 0.001, requests: 1000 }, { value: 0, requests: 3 }, MIN);
    expect(quiet.verdict).toBe('INCONCLUSIVE');
    expect(quiet.reasons).toEqual(['stable served 3 requests in the window, fewer than 100']);
    expect(judgeCheck(errors, { value: 0.5, requests: 1000 }, { value: 0, requests: 3 }, MIN).verdict).toBe('FAIL');
  });

  it('judges latency by ratio to stable, but not within the tolerance (one histogram bucket is noise)', () => {
    const stable = { value: 0.004, requests: 5000 };
    // 2.5× stable, but 6 ms apart: not a regression anyone could see in these buckets.
    expect(judgeCheck(latency, { value: 0.01, requests: 1000 }, stable, MIN).verdict).toBe('PASS');
    const slow = judgeCheck(latency, { value: 0.2, requests: 1000 }, stable, MIN);
    expect(slow.verdict).toBe('FAIL');
    expect(slow.reasons).toEqual(['canary 200.0 ms is not ≤ 1.2 × stable (or within 25.0 ms)']);
    // Within 1.2× of a slow stable, but over the SLO.
    expect(judgeCheck(latency, { value: 2.5, requests: 1000 }, { value: 2.4, requests: 5000 }, MIN).reasons).toEqual(['canary 2.50 s is not ≤ 1.00 s']);
  });

  it('is INCONCLUSIVE when a latency has requests but no value (NaN quantile)', () => {
    expect(judgeCheck(latency, { value: undefined, requests: 1000 }, { value: 0.01, requests: 1000 }, MIN).reasons).toEqual(['no data for the canary']);
  });

  it('judges PromQL checks by their limits, and no series as INCONCLUSIVE', () => {
    const breaker = check({ type: 'promql', name: 'breaker', query: 'max(circuit_breaker_state{ {{selector}} })', max: 1, maxIncreaseOverStable: 0 });
    expect(judgeCheck(breaker, { value: 0 }, { value: 0 }, MIN).verdict).toBe('PASS');
    expect(judgeCheck(breaker, { value: 2 }, { value: 0 }, MIN).verdict).toBe('FAIL');
    expect(judgeCheck(breaker, { value: undefined }, { value: 0 }, MIN).verdict).toBe('INCONCLUSIVE');
    expect(judgeCheck(breaker, { value: 0 }, { value: undefined }, MIN).verdict).toBe('INCONCLUSIVE');
  });
});

describe('the overall verdict', () => {
  const result = (verdict: CheckResult['verdict']) => ({ verdict }) as CheckResult;

  it('fails on any FAIL, is INCONCLUSIVE on any unjudged check or on none, passes only when all pass', () => {
    expect(overallVerdict([result('PASS'), result('INCONCLUSIVE'), result('FAIL')])).toBe('FAIL');
    expect(overallVerdict([result('PASS'), result('INCONCLUSIVE')])).toBe('INCONCLUSIVE');
    expect(overallVerdict([])).toBe('INCONCLUSIVE');
    expect(overallVerdict([result('PASS'), result('PASS')])).toBe('PASS');
  });
});
