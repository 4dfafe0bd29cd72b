export interface Row {
  fault: string;
  requests: number;
  /** Every 5xx answer. */
  serverErrors: number;
  /** 503 and 504: a dependency down or out of time, the answers an outage may give. */
  unavailable: number;
  /** Any other 5xx, by status: a bug. */
  otherServerErrors: Record<string, number>;
  /** Timeouts and refused or reset connections. */
  noAnswer: number;
  /** Log lines of the apps saying a request failed on a bug (gRPC INTERNAL, HTTP 500). */
  internalLogged: number;
  /** The longest time from a fault's end until every probe answered again, in seconds. */
  recoverySeconds: number;
  /** Every order at rest after the fault (none left mid-checkout). */
  atRest: boolean;
  /** Invariant violations, and rules of the fault itself that were broken. */
  violations: string[];
  notes: string[];
  ok: boolean;
}

export interface Results {
  commit: string;
  date: string;
  short: boolean;
  rows: Row[];
}

const columns: Array<[string, (row: Row) => string]> = [
  ['fault', (row) => row.fault],
  ['requests', (row) => String(row.requests)],
  ['5xx', (row) => String(row.serverErrors)],
  ['503/504', (row) => String(row.unavailable)],
  ['other 5xx', (row) => String(Object.values(row.otherServerErrors).reduce((sum, count) => sum + count, 0) + row.internalLogged)],
  ['no answer', (row) => String(row.noAnswer)],
  ['max recovery s', (row) => (Number.isFinite(row.recoverySeconds) ? row.recoverySeconds.toFixed(1) : 'none')],
  ['orders at rest', (row) => (row.atRest ? 'yes' : 'NO')],
  ['invariants', (row) => (row.violations.length === 0 ? 'hold' : `${row.violations.length} broken`)],
];

/** One table, fault × figures, then what broke and the notes. */
export function textTable(results: Results): string {
  const header = columns.map(([title]) => title);
  const body = results.rows.map((row) => columns.map(([, cell]) => cell(row)));
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  const lines = [
    `shop fault matrix at ${results.commit.slice(0, 12)}, ${results.date}${results.short ? ' (short form)' : ''}`,
    '',
    line(header),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...body.map(line),
    '',
  ];
  for (const row of results.rows) {
    for (const violation of row.violations) lines.push(`BROKEN  ${row.fault}: ${violation}`);
    const other = Object.entries(row.otherServerErrors);
    if (other.length > 0) lines.push(`BROKEN  ${row.fault}: ${other.map(([status, count]) => `${count}× ${status}`).join(', ')}`);
    if (row.internalLogged > 0) lines.push(`BROKEN  ${row.fault}: ${row.internalLogged} requests failed on INTERNAL or 500 in the apps' logs`);
    for (const note of row.notes) lines.push(`note    ${row.fault}: ${note}`);
  }
  const failed = results.rows.filter((row) => !row.ok).length;
  lines.push('', failed === 0 ? `every fault answered by the rules: no 5xx but 503/504, every order at rest, invariants hold` : `${failed} of ${results.rows.length} faults broke a rule`);
  return `${lines.join('\n')}\n`;
}
