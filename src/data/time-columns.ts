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
  /** Its times fall row after row: the file runs newest first. */
  descending?: boolean;
}

/** Share of steps that must be the typical one: the rest are gaps or jitter, reported later. */
export const TYPICAL_STEPS = 0.8;

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
    if (cells.every((c) => DATE.test(c) && !Number.isNaN(Date.parse(c)))) {
      const t = cells.map((c) => Date.parse(c));
      return { field: f, kind: 'dates', ...(falling(t) ? { descending: true } : {}) };
    }
    const clock = numericClock(cells);
    if (clock) return { field: f, ...clock };
    // Epoch times that fall row after row: a clock read newest first.
    const epochs = cells.map(timeOf);
    if (cells.length >= MIN_TIME_ROWS && epochs.every((t) => t !== null) && falling(epochs as number[])) {
      const kind = cells[0]!.trim().length === 13 ? 'epoch milliseconds' : 'epoch seconds';
      return { field: f, kind, descending: true };
    }
  }
  return null;
}

/** More than half of the steps go back in time, none forward by much: newest first. */
function falling(t: number[]): boolean {
  const steps = t.slice(1).map((x, i) => x - t[i]!);
  return steps.filter((d) => d < 0).length > steps.length / 2 && steps.every((d) => d <= 0);
}

/**
 * Integers rising strictly by a typical step: most steps (TYPICAL_STEPS) within 10 % of the
 * median, the others longer (gaps: a scrape missed) or a little off (jitter).
 */
function numericClock(cells: string[]): Pick<TimeColumn, 'kind' | 'step'> | null {
  if (cells.length < MIN_TIME_ROWS || !cells.every((c) => isNumber(c) && /^\s*\d+\s*$/.test(c))) return null;
  const v = cells.map(Number);
  const steps = v.slice(1).map((x, i) => x - v[i]!);
  if (steps.some((d) => d <= 0)) return null;
  const median = [...steps].sort((a, b) => a - b)[steps.length >> 1]!;
  const typical = steps.filter((d) => Math.abs(d - median) <= 0.1 * median).length;
  if (typical < TYPICAL_STEPS * steps.length || steps.some((d) => d < 0.5 * median)) return null;
  const first = v[0]!;
  const kind =
    first >= 1e9 && first < 1e10 ? 'epoch seconds' : first >= 1e12 && first < 1e13 ? 'epoch milliseconds' : 'a counter';
  return { kind, step: median };
}
