import type { Check, Matchers } from './definition';

/**
 * The PromQL that measures one check for one version. Built-in checks also count the requests, so
 * that too little traffic is told apart from a good value.
 */
export type CheckQueries =
  | { kind: 'ratio'; errors: string; requests: string }
  | { kind: 'quantile'; quantile: string; requests: string }
  | { kind: 'value'; value: string };

/** `a="x",b!="y"`: the matchers inside a selector's braces, values escaped as PromQL strings. */
export function matcherList(matchers: Matchers, extra: string[] = []): string {
  const exact = Object.entries(matchers).map(([label, value]) =>
    typeof value === 'string' ? `${label}=${JSON.stringify(value)}` : `${label}!=${JSON.stringify(value.not)}`,
  );
  return [...exact, ...extra].join(',');
}

// Health checks and reflection are probes, not traffic: counting them would dilute the error ratio
// (and the request count) with calls that never touch the code being judged.
const NOT_PROBES = 'grpc_service!~"grpc[.](health|reflection)[.].*"';

function increase(metric: string, selector: string, window: string): string {
  return `sum(increase(${metric}{${selector}}[${window}]))`;
}

function quantile(q: number, bucket: string, selector: string, window: string): string {
  return `histogram_quantile(${q}, sum by (le) (rate(${bucket}{${selector}}[${window}])))`;
}

function regexOf(values: string[]): string {
  return JSON.stringify(values.join('|'));
}

/** The queries of `check` for the version selected by `matchers`, over `window`. */
export function queriesFor(check: Check, matchers: Matchers, window: string): CheckQueries {
  switch (check.type) {
    case 'grpc-errors': {
      const all = matcherList(matchers, [NOT_PROBES]);
      const errors = matcherList(matchers, [NOT_PROBES, `grpc_code=~${regexOf(check.errorCodes)}`]);
      const requests = increase('grpc_server_handled_total', all, window);
      return { kind: 'ratio', errors: increase('grpc_server_handled_total', errors, window), requests };
    }
    case 'http-errors': {
      const metric = 'http_server_request_duration_seconds_count';
      const requests = increase(metric, matcherList(matchers), window);
      const errors = increase(metric, matcherList(matchers, ['http_response_status_code=~"5.."']), window);
      return { kind: 'ratio', errors, requests };
    }
    case 'grpc-latency': {
      const selector = matcherList(matchers, [NOT_PROBES]);
      return {
        kind: 'quantile',
        quantile: quantile(check.quantile, 'grpc_server_handling_seconds_bucket', selector, window),
        requests: increase('grpc_server_handling_seconds_count', selector, window),
      };
    }
    case 'http-latency': {
      const selector = matcherList(matchers);
      return {
        kind: 'quantile',
        quantile: quantile(check.quantile, 'http_server_request_duration_seconds_bucket', selector, window),
        requests: increase('http_server_request_duration_seconds_count', selector, window),
      };
    }
    case 'promql':
      return { kind: 'value', value: check.query.replaceAll('{{selector}}', matcherList(matchers)).replaceAll('{{window}}', window) };
  }
}
