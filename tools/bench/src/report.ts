import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

/** One measured row: a part of the benchmark, what was measured and its figures (never empty). */
export interface Row {
  part: string;
  name: string;
  figures: Record<string, number>;
  /** Errors by kind, an expected answer, or a verdict: what a person reading the table needs. */
  notes?: string;
}

export interface Results {
  commit: string;
  /** Uncommitted changes were in the tree when it ran. */
  dirty: boolean;
  date: string;
  machine: { cpus: number; model: string; node: string };
  smoke: boolean;
  settings: Record<string, unknown>;
  rows: Row[];
}

/** Column headings for the figures' keys, in the order the columns take; a key not listed is printed as is, after them. */
const LABELS: Record<string, string> = {
  rate: 'per s',
  offered: 'offered/s',
  achieved: 'achieved/s',
  p50: 'p50 ms',
  p90: 'p90 ms',
  p99: 'p99 ms',
  max: 'max ms',
  errors: 'errors',
  missed: 'missed starts',
  vsBaseline: '× baseline',
  serverCpuUs: 'server CPU µs/call',
  clientCpuUs: 'client CPU µs/call',
  vsExpressHop: '× Express→grpc-js',
  vsTelemetryOff: '× telemetry off',
  edgeCpuUs: 'edge CPU µs/request',
  downstreamCpuUs: 'downstream CPU µs/request',
  redisPerRequest: 'Redis commands/request',
  cpuMsPerJourney: 'CPU ms/journey',
  peakRssMb: 'peak RSS MB',
  journeysRssMb: 'peak RSS MB, journeys',
  checkoutRssMb: 'peak RSS MB, checkout rows',
  sinceStartRssMb: 'peak RSS MB since start',
  cpuSeconds: 'CPU s',
  readyMs: 'spawn→ready ms',
  budgetMs: 'budget ms',
  measured: 'measured',
  target: 'target',
  met: 'met (1/0)',
};

export function describeRun(rows: Row[], smoke: boolean, settings: Record<string, unknown>): Results {
  const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();
  return {
    commit: git('rev-parse', 'HEAD'),
    dirty: git('status', '--porcelain', '--untracked-files=no') !== '',
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
    smoke,
    settings,
    rows,
  };
}

/** A row with no figure, or a figure that is not a number, is a part of the benchmark that did not run. */
export function missingFigures(rows: Row[]): string[] {
  return rows
    .filter((row) => Object.keys(row.figures).length === 0 || Object.values(row.figures).some((value) => !Number.isFinite(value)))
    .map((row) => `${row.part}: ${row.name} ${JSON.stringify(row.figures)}`);
}

/** One plain-text table per part, for a terminal or a CI log. */
export function textTables(results: Results): string {
  const out = [
    `shop benchmark at ${results.commit.slice(0, 12)}${results.dirty ? ' (with uncommitted changes)' : ''}, ${results.date}`,
    `${results.machine.cpus} × ${results.machine.model}, Node ${results.machine.node}${results.smoke ? ', SMOKE RUN (figures meaningless)' : ''}`,
  ];
  const parts = [...new Set(results.rows.map((row) => row.part))];
  for (const part of parts) {
    const rows = results.rows.filter((row) => row.part === part);
    const keys = [...new Set(rows.flatMap((row) => Object.keys(row.figures)))].sort((a, b) => column(a) - column(b));
    const hasNotes = rows.some((row) => row.notes);
    const header = [part, ...keys.map((key) => LABELS[key] ?? key), ...(hasNotes ? ['notes'] : [])];
    const body = rows.map((row) => [row.name, ...keys.map((key) => format(row.figures[key])), ...(hasNotes ? [row.notes ?? ''] : [])]);
    out.push('', ...table(header, body));
  }
  return `${out.join('\n')}\n`;
}

const ORDER = Object.keys(LABELS);
const column = (key: string) => (ORDER.includes(key) ? ORDER.indexOf(key) : ORDER.length);

function format(value: number | undefined): string {
  if (value === undefined) return '';
  if (!Number.isFinite(value)) return '-';
  if (Number.isInteger(value) || Math.abs(value) >= 100) return String(Math.round(value));
  return value.toFixed(2);
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]?.length ?? 0)));
  const notesColumn = header.at(-1) === 'notes' ? header.length - 1 : -1;
  // Names and notes left, figures right.
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 0 || column === notesColumn ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}
