import type { Check } from './definition';
import { formatPoints, formatValue, type Unit } from './format';

export type Verdict = 'PASS' | 'FAIL' | 'INCONCLUSIVE';

/** What was measured for one version over the window. */
export interface VersionMeasurement {
  /** An error ratio, a latency in seconds, or a PromQL value; undefined when there was nothing to measure. */
  value: number | undefined;
  /** Requests in the window (built-in checks only). */
  requests?: number | undefined;
}

export interface CheckResult {
  name: string;
  type: Check['type'];
  unit: Unit;
  canary: VersionMeasurement;
  stable: VersionMeasurement;
  verdict: Verdict;
  /** The limits, as people read them. */
  limits: string[];
  /** Every limit the canary broke, or what was missing to judge it. */
  reasons: string[];
}

export function unitOf(check: Check): Unit {
  if (check.type === 'promql') return check.unit;
  return check.type.endsWith('-errors') ? 'ratio' : 'seconds';
}

/** The limits of a check, each with the test that breaks it. */
interface Limit {
  text: string;
  /** Compares with the stable version (so needs it measured). */
  relative: boolean;
  /** `stable` is NaN for absolute limits. */
  broken(canary: number, stable: number): boolean;
}

function limitsOf(check: Check): Limit[] {
  const unit = unitOf(check);
  const limits: Limit[] = [];
  const max = check.type === 'grpc-latency' || check.type === 'http-latency' ? check.maxSeconds : check.max;
  if (max !== undefined) limits.push({ text: `≤ ${formatValue(max, unit)}`, relative: false, broken: (c) => c > max });
  if (check.type === 'promql' && check.min !== undefined) {
    const min = check.min;
    limits.push({ text: `≥ ${formatValue(min, unit)}`, relative: false, broken: (c) => c < min });
  }
  if ('maxIncreaseOverStable' in check && check.maxIncreaseOverStable !== undefined) {
    const increase = check.maxIncreaseOverStable;
    const text = unit === 'ratio' ? formatPoints(increase) : formatValue(increase, unit);
    limits.push({ text: `≤ stable + ${text}`, relative: true, broken: (c, s) => c > s + increase });
  }
  if ('maxRatioToStable' in check && check.maxRatioToStable !== undefined) {
    const ratio = check.maxRatioToStable;
    const tolerance = 'toleranceSeconds' in check ? check.toleranceSeconds : 0;
    const text = tolerance > 0 ? `≤ ${ratio} × stable (or within ${formatValue(tolerance, unit)})` : `≤ ${ratio} × stable`;
    limits.push({ text, relative: true, broken: (c, s) => c > s * ratio && c - s > tolerance });
  }
  return limits;
}

/**
 * Judges one check: FAIL when the canary broke any limit it could be measured against, else
 * INCONCLUSIVE when anything needed was missing (too little traffic, no series), else PASS.
 */
export function judgeCheck(check: Check, canary: VersionMeasurement, stable: VersionMeasurement, minRequests: number): CheckResult {
  const unit = unitOf(check);
  const limits = limitsOf(check);
  const failures: string[] = [];
  const missing: string[] = [];
  const counted = check.type !== 'promql';

  const enoughTraffic = (version: 'canary' | 'stable', measured: VersionMeasurement): boolean => {
    if (!counted) return true;
    const requests = measured.requests ?? 0;
    if (requests >= minRequests) return true;
    missing.push(`${version} served ${Math.round(requests)} requests in the window, fewer than ${minRequests}`);
    return false;
  };

  if (enoughTraffic('canary', canary)) {
    if (canary.value === undefined) {
      missing.push('no data for the canary');
    } else {
      const canaryValue = canary.value;
      const relative = limits.filter((limit) => limit.relative);
      let stableValue: number | undefined;
      if (relative.length > 0 && enoughTraffic('stable', stable)) {
        stableValue = stable.value;
        if (stableValue === undefined) missing.push('no data for the stable version to compare with');
      }
      for (const limit of limits) {
        if (limit.relative && stableValue === undefined) continue;
        if (limit.broken(canaryValue, stableValue ?? Number.NaN)) failures.push(`canary ${formatValue(canaryValue, unit)} is not ${limit.text}`);
      }
    }
  }

  const verdict: Verdict = failures.length > 0 ? 'FAIL' : missing.length > 0 ? 'INCONCLUSIVE' : 'PASS';
  return {
    name: check.name,
    type: check.type,
    unit,
    canary,
    stable,
    verdict,
    limits: limits.map((limit) => limit.text),
    reasons: failures.length > 0 ? failures : missing,
  };
}

/** Any FAIL fails the gate; otherwise anything unjudged (or nothing judged at all) is INCONCLUSIVE. */
export function overallVerdict(results: readonly CheckResult[]): Verdict {
  if (results.some((result) => result.verdict === 'FAIL')) return 'FAIL';
  if (results.length === 0 || results.some((result) => result.verdict === 'INCONCLUSIVE')) return 'INCONCLUSIVE';
  return 'PASS';
}
