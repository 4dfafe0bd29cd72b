import type { LatencySummary } from './latency';
import type { RunSummary } from './stats';

const ms = (value: number | undefined) => (value === undefined ? '-' : value < 10 ? value.toFixed(2) : value.toFixed(1));

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]?.length ?? 0)));
  // Text left, numbers right.
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  return [line(header), ...rows.map(line)];
}

function latencyRow(name: string, latency: LatencySummary): string[] {
  return [name, String(latency.count), ms(latency.p50), ms(latency.p90), ms(latency.p99), ms(latency.max)];
}

/** The run as a table for a terminal or a CI log. */
export function textReport(summary: RunSummary): string {
  const kind = summary.journey === 'checkout' ? ', checkout only' : '';
  const mode = summary.mode === 'rate' ? `${summary.targetRate} journeys/s open model, at most ${summary.concurrency} in flight${kind}` : `${summary.concurrency} users back to back${kind}`;
  const lines = [
    `Load against ${summary.target}: ${mode}, ${summary.users} virtual users, ${summary.warmupSeconds}s warm-up, ${summary.durationSeconds}s measured`,
    '',
    `journeys   ${summary.journeys} ok, ${summary.failedJourneys} failed, ${summary.missedStarts} missed starts  (${summary.journeysPerSecond.toFixed(1)}/s)`,
    `requests   ${summary.requests}, ${summary.failedRequests} failed (${(summary.errorRatio * 100).toFixed(2)}%)  (${summary.requestsPerSecond.toFixed(1)}/s)`,
    '',
    ...table(
      ['latency (ms)', 'count', 'p50', 'p90', 'p99', 'max'],
      [...summary.latencyMs.steps.map((step) => latencyRow(step.step, step)), latencyRow('all requests', summary.latencyMs.all)],
    ),
  ];
  const counted = (title: string, counts: Record<string, number>) =>
    Object.keys(counts).length === 0 ? [] : ['', ...table([title, 'count'], Object.entries(counts).map(([kind, count]) => [kind, String(count)]))];
  lines.push(...counted('outcomes', summary.outcomes), ...counted('errors by kind', summary.errors));
  return `${lines.join('\n')}\n`;
}
