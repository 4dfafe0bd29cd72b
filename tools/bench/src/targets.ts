// The performance targets (issue "a benchmark that measures every target"), judged on this run's rows.
import { CHECKOUT_TARGET_RATE } from './load';
import type { Row } from './report';

const PART = 'targets';

interface Target {
  name: string;
  /** The row and figure that measure it. */
  row: (row: Row) => boolean;
  figure: string | ((rows: Row[]) => number);
  target: number;
  /** 'min': measured ≥ target; 'max': measured < target. */
  kind: 'min' | 'max';
}

const TARGETS: Target[] = [
  {
    name: 'gateway read, access log + tracing 10%, × bare Express → grpc-js (≥)',
    row: (row) => row.name === 'gateway, access log + tracing 10% to OTLP',
    figure: 'vsExpressHop',
    target: 0.7,
    kind: 'min',
  },
  {
    name: `checkout p99 ms at ${CHECKOUT_TARGET_RATE}/s offered (<)`,
    row: (row) => row.name === `POST /orders offered at ${CHECKOUT_TARGET_RATE}/s`,
    figure: 'p99',
    target: 100,
    kind: 'max',
  },
  {
    name: 'CPU ms per journey, all processes (< 43 / 3)',
    row: (row) => row.name.startsWith('journeys ('),
    figure: 'cpuMsPerJourney',
    target: 43 / 3,
    kind: 'max',
  },
  {
    name: 'largest peak RSS of any app under the journeys, MB (<)',
    row: (row) => row.part.startsWith('per app'),
    figure: (rows) => Math.max(...rows.map((row) => row.figures['journeysRssMb'] ?? Number.NaN)),
    target: 150,
    kind: 'max',
  },
  {
    name: 'chassis client → chassis server, logging + tracing, × bare grpc-js (≥)',
    row: (row) => row.name === 'chassis client → chassis server, log line + tracing 10% to OTLP',
    figure: 'vsBaseline',
    target: 0.85,
    kind: 'min',
  },
];

export function targetRows(rows: Row[]): Row[] {
  return TARGETS.map((target) => {
    const matching = rows.filter(target.row);
    const measured = typeof target.figure === 'function' ? target.figure(matching) : (matching[0]?.figures[target.figure] ?? Number.NaN);
    const met = target.kind === 'min' ? measured >= target.target : measured < target.target;
    return { part: PART, name: target.name, figures: { measured, target: target.target, met: met ? 1 : 0 } };
  });
}
