export type Unit = 'ratio' | 'seconds' | 'number';

/** A measured value for people: ratios as percentages, seconds as ms or s. */
export function formatValue(value: number | undefined, unit: Unit): string {
  if (value === undefined) return 'no data';
  switch (unit) {
    case 'ratio':
      return `${(value * 100).toFixed(2)}%`;
    case 'seconds':
      return value < 1 ? `${(value * 1000).toFixed(1)} ms` : `${value.toFixed(2)} s`;
    case 'number':
      return Number.isInteger(value) ? String(value) : value.toPrecision(4);
  }
}

/** A difference of ratios, in percentage points. */
export function formatPoints(value: number): string {
  return `${(value * 100).toFixed(2)} pp`;
}
