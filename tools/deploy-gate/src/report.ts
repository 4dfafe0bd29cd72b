import { formatValue } from './format';
import type { GateReport } from './gate';
import type { CheckResult, VersionMeasurement } from './judge';
import { matcherList } from './promql';

function measured(version: VersionMeasurement, result: CheckResult): string {
  const value = formatValue(version.value, result.unit);
  return version.requests === undefined ? value : `${value} (n=${Math.round(version.requests)})`;
}

function heading(report: GateReport): string {
  return (
    `canary {${matcherList(report.selectors.canary)}} vs stable {${matcherList(report.selectors.stable)}}, ` +
    `window ${report.window} ending ${report.evaluatedAt}, at least ${report.minRequests} requests per version`
  );
}

/** A fixed-width table for a terminal or a CI log, reasons under each check. */
export function textReport(report: GateReport): string {
  const header = ['CHECK', 'CANARY', 'STABLE', 'LIMITS', 'VERDICT'];
  const rows = report.checks.map((result) => [result.name, measured(result.canary, result), measured(result.stable, result), result.limits.join(', '), result.verdict]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  const body = report.checks.flatMap((result, index) => [line(rows[index] ?? []), ...result.reasons.map((reason) => `    ${reason}`)]);
  return [`Deploy gate: ${report.verdict}`, heading(report), '', line(header), ...body, ''].join('\n');
}

const escapeCell = (text: string) => text.replaceAll('|', '\\|');

/** GitHub-flavoured Markdown for a job summary. */
export function markdownReport(report: GateReport): string {
  const rows = report.checks.map((result) =>
    [result.name, measured(result.canary, result), measured(result.stable, result), result.limits.join(', '), `**${result.verdict}**`, result.reasons.join('; ')]
      .map(escapeCell)
      .join(' | '),
  );
  return [
    `### Deploy gate: ${report.verdict}`,
    '',
    escapeCell(heading(report)),
    '',
    '| Check | Canary | Stable | Limits | Verdict | Why |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row} |`),
    '',
  ].join('\n');
}

export function markdownError(message: string): string {
  return ['### Deploy gate: ERROR', '', 'The gate could not judge the canary:', '', '```', message, '```', ''].join('\n');
}
