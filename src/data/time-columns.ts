// Time columns: a column of dates/times, or of numbers that rise strictly with a near-constant
// step (epoch seconds or milliseconds, a row counter), is a time axis, never a feature — time
// only grows, so a model that took it as one would flag every later row. Decided from the rows
// read before the first batch (the reader's first block); too few rows decide nothing.
import { isNumber } from './csv-sniff.js';

/** Rows needed to call a numeric column a clock (a few steps, all alike). */
export const MIN_TIME_ROWS = 5;

export interface TimeColumn {
  /** 0-based field. */
  field: number;
  /** What it looks like, for the note. */
  kind: 'dates' | 'epoch seconds' | 'epoch milliseconds' | 'a counter';
  /** Numbers: the typical step. */
  step?: number;
}

// ISO 8601 (a month `2026-01`, a day, a time with seconds and zone) or day/month/year.
const ISO = String.raw`\d{4}-\d{2}(-\d{2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?`;
const DMY = String.raw`\d{1,2}[/.]\d{1,2}[/.]\d{2,4}( \d{1,2}:\d{2}(:\d{2})?)?`;
const DATE = new RegExp(String.raw`^\s*(${ISO}|${DMY})\s*$`);

/** A cell's time in ms since 1970: a date/time text, or epoch seconds/milliseconds; else null. */
export function timeOf(cell: string): number | null {
  if (DATE.test(cell)) {
    const t = Date.parse(cell);
    return Number.isNaN(t) ? null : t;
  }
  const s = cell.trim();
  // 2001-09-09 .. 2286 in seconds (10 digits), 2001 .. 2286 in milliseconds (13 digits).
  if (/^\d{10}(\.\d+)?$/.test(s)) return Number(s) * 1000;
  if (/^\d{13}$/.test(s)) return Number(s);
  return null;
}

/** The first column of `rows` (data rows, as text) that is a time axis, if any. */
export function findTimeColumn(rows: string[][], fields: number): TimeColumn | null {
  for (let f = 0; f < fields; f++) {
    const cells = rows.map((r) => r[f] ?? '');
    if (cells.length === 0) return null;
    if (cells.every((c) => DATE.test(c) && !Number.isNaN(Date.parse(c)))) return { field: f, kind: 'dates' };
    const clock = numericClock(cells);
    if (clock) return { field: f, ...clock };
  }
  return null;
}

/** Integers rising strictly by a near-constant step (every step within 10 % of the median). */
function numericClock(cells: string[]): Pick<TimeColumn, 'kind' | 'step'> | null {
  if (cells.length < MIN_TIME_ROWS || !cells.every((c) => isNumber(c) && /^\s*\d+\s*$/.test(c))) return null;
  const v = cells.map(Number);
  const steps = v.slice(1).map((x, i) => x - v[i]!);
  if (steps.some((d) => d <= 0)) return null;
  const median = [...steps].sort((a, b) => a - b)[steps.length >> 1]!;
  if (steps.some((d) => Math.abs(d - median) > 0.1 * median)) return null;
  const first = v[0]!;
  const kind =
    first >= 1e9 && first < 1e10 ? 'epoch seconds' : first >= 1e12 && first < 1e13 ? 'epoch milliseconds' : 'a counter';
  return { kind, step: median };
}
