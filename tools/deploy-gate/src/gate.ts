import type { Check, GateDefinition, Matchers } from './definition';
import { judgeCheck, overallVerdict, type CheckResult, type Verdict, type VersionMeasurement } from './judge';
import { PrometheusClient } from './prometheus';
import { queriesFor } from './promql';

export interface GateReport {
  verdict: Verdict;
  /** The instant both versions were measured at (ISO 8601); the window ends here. */
  evaluatedAt: string;
  window: string;
  minRequests: number;
  selectors: { canary: Matchers; stable: Matchers };
  checks: CheckResult[];
}

/** Measures one check for one version; the ratio of errors is 0 when requests exist and no error series does. */
async function measure(prometheus: PrometheusClient, check: Check, matchers: Matchers, window: string, time: number): Promise<VersionMeasurement> {
  const queries = queriesFor(check, matchers, window);
  switch (queries.kind) {
    case 'ratio': {
      const [requests, errors] = await Promise.all([prometheus.value(queries.requests, time), prometheus.value(queries.errors, time)]);
      return { requests: requests ?? 0, value: requests ? (errors ?? 0) / requests : undefined };
    }
    case 'quantile': {
      const [requests, value] = await Promise.all([prometheus.value(queries.requests, time), prometheus.value(queries.quantile, time)]);
      return { requests: requests ?? 0, value };
    }
    case 'value':
      return { value: await prometheus.value(queries.value, time) };
  }
}

/**
 * Runs every check of the gate for the canary and the stable version over the same window, ending
 * at the same instant (`time`, unix seconds), and judges them.
 */
export async function evaluateGate(definition: GateDefinition, prometheus: PrometheusClient, time = Date.now() / 1000): Promise<GateReport> {
  const { window, minRequests, selectors } = definition;
  const checks: CheckResult[] = [];
  // One check at a time: a gate has a handful, and this keeps the load on Prometheus small.
  for (const check of definition.checks) {
    const canary = await measure(prometheus, check, selectors.canary, window, time);
    const stable = await measure(prometheus, check, selectors.stable, window, time);
    checks.push(judgeCheck(check, canary, stable, minRequests));
  }
  return {
    verdict: overallVerdict(checks),
    evaluatedAt: new Date(time * 1000).toISOString(),
    window,
    minRequests,
    selectors,
    checks,
  };
}

/**
 * The definition judging the canary running `version` against every other version (the stable one)
 * in `namespace` (when given): how Flagger's webhook and `--canary-version` select the two.
 */
export function forCanaryVersion(definition: GateDefinition, version: string, namespace?: string): GateDefinition {
  const scope: Matchers = namespace ? { namespace } : {};
  return {
    ...definition,
    selectors: {
      canary: { ...definition.selectors.canary, ...scope, version },
      stable: { ...definition.selectors.stable, ...scope, version: { not: version } },
    },
  };
}

/** Judges `definition` on the Prometheus it names, with its timeouts and retries. */
export function judgeDefinition(definition: GateDefinition): Promise<GateReport> {
  const { url, timeoutSeconds, attempts, backoffSeconds } = definition.prometheus;
  return evaluateGate(definition, new PrometheusClient({ url, timeoutMs: timeoutSeconds * 1000, attempts, backoffMs: backoffSeconds * 1000 }));
}
