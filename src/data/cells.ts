// The one rule for a numeric CSV cell, shared by the reader's fast path and its general path:
// a finite number within float32's range (ae computes in float32; a larger value would
// silently become ±Infinity), written any way Number() reads, and not blank.

import { hasDecimalComma } from './csv-sniff.js';

const FLOAT32_MAX = 3.4028234663852886e38;

/** The cell's value, or NaN when the cell is not a usable number. */
export function cellValue(cell: string): number {
  const v = Number(cell);
  // Number() also reads 0x1A, 0b101 and 0o17: ae reads decimals only, and says so (cellProblem).
  if (v === v && NOT_DECIMAL.test(cell)) return NaN;
  if (v !== v || v > FLOAT32_MAX || v < -FLOAT32_MAX) return NaN; // also ±Infinity
  // Number('') and Number('  ') are 0: only then is the (slower) blank check needed.
  if (v === 0 && cell.trim() === '') return NaN;
  return v;
}

/**
 * Cells that exporters write for "no value": blank, and the words pandas, R, SQL and
 * spreadsheets use (`NaN`, `NA`, `null`, `N/A`, `-`, …). Filled with --impute, else refused
 * (or skipped with --skip-invalid) as a missing value: never read as a number.
 */
const MISSING = /^\s*(|nan|na|n\/a|null|none|nil|-|--|\?)\s*$/i;

export function isMissing(cell: string): boolean {
  return MISSING.test(cell);
}

/** A value the fast parser produced, held to the same rule (it never reads blanks). */
export function inRange(v: number): boolean {
  return v === v && v <= FLOAT32_MAX && v >= -FLOAT32_MAX;
}

/** Numbers Number() reads that are not decimals. */
const NOT_DECIMAL = /^\s*[-+]?0[xXbBoO]/;

/** A number written another way than ae reads it (the cell's text names what to change). */
export function miswrittenNumber(cell: string): string | null {
  const shown = JSON.stringify(cell.trim().slice(0, 40));
  if (NOT_DECIMAL.test(cell)) return `${shown} is hexadecimal, binary or octal: ae reads decimal numbers only`;
  if (/^\s*[\u2212\u2013]\s*\d/.test(cell))
    return `${shown} starts with a Unicode minus or dash: write it as ${cell.trim().replace(/^[\u2212\u2013]/, '-')}`;
  if (/^\s*[-+]?\d{1,3}(_\d{3})+(\.\d*)?\s*$/.test(cell))
    return `${shown} has digit separators: write it as ${cell.trim().replace(/_/g, '')}`;
  return null;
}

/** Why `cellValue(cell)` is NaN, in words for an error message. */
export function cellProblem(cell: string): string {
  if (cell.trim() === '') return 'is empty';
  const miswritten = miswrittenNumber(cell);
  if (miswritten) return miswritten;
  if (isMissing(cell)) return `${JSON.stringify(cell.trim())} is a missing value`;
  const v = Number(cell);
  const shown = JSON.stringify(cell.slice(0, 40));
  if (hasDecimalComma(cell)) return `${shown} has a decimal comma (add --decimal ,)`;
  return Number.isFinite(v) ? `${shown} is too large for 32-bit floats` : `${shown} is not a finite number`;
}

/** A data line that yielded no sample, and why (blank, or invalid under skip-invalid). */
export interface SkippedRow {
  /** 0-based data line (the header not counted; blank lines counted). */
  index: number;
  /** 1-based line of the file, as error messages count. */
  line: number;
  reason: string;
  /** The cell's column that made the row invalid (1-based number and name), when one did. */
  column?: { number: number; name: string };
  /** The row's id (with an id column), when it could be read. */
  id?: string;
}
