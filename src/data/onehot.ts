// One-hot encoding of text columns (`--encode onehot`, rows only): the reader writes each text
// cell as its category's code (0, 1, … in order of first appearance while fitting; the bundle's
// list when scanning, −1 for a category the model never saw), and samples are then widened
// here: a column of k categories becomes k indicator columns, an unknown category all zeros.
// Codes keep the reader's width fixed while the categories are still being learned.
import type { Batch } from './batch.js';
import type { CsvColumn } from './csv-sniff.js';

/** More distinct values than this is not a low-cardinality column: refused, not encoded. */
export const MAX_CATEGORIES = 64;

/**
 * The code of a text cell in `column`; learning adds a new category (null: one too many),
 * scanning gives −1 for a category the model never saw.
 */
export function categoryCode(
  column: CsvColumn & { categories: string[] },
  cell: string,
  learning: boolean,
): number | null {
  const value = cell.trim();
  const at = column.categories.indexOf(value);
  if (at >= 0 || !learning) return at;
  if (column.categories.length >= MAX_CATEGORIES) return null;
  column.categories.push(value);
  return column.categories.length - 1;
}

export const isCategorical = (c: CsvColumn): c is CsvColumn & { categories: string[] } => c.categories !== undefined;

/** Values per sample once every categorical column is widened. */
export function encodedWidth(columns: CsvColumn[]): number {
  return columns.reduce((n, c) => n + (isCategorical(c) ? c.categories.length : 1), 0);
}

/** `rows` samples of codes (one value per column) widened into indicator columns. */
export function encodeRows(codes: Float32Array, rows: number, columns: CsvColumn[]): Float32Array {
  const from = columns.length;
  const width = encodedWidth(columns);
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    let o = r * width;
    for (let j = 0; j < from; j++) {
      const c = columns[j]!;
      const v = codes[r * from + j]!;
      if (!isCategorical(c)) out[o++] = v;
      else {
        if (v >= 0) out[o + v] = 1;
        o += c.categories.length;
      }
    }
  }
  return out;
}

/** A batch of codes as a batch of encoded samples (the same rows, wider). */
export function encodeBatch<B extends Batch>(b: B, columns: CsvColumn[]): B {
  return {
    ...b,
    values: encodeRows(b.values.subarray(0, b.count * b.width), b.count, columns),
    width: encodedWidth(columns),
  };
}

/** Input position j of an encoded sample: its column, and the category for an indicator. */
export function encodedPosition(columns: CsvColumn[], j: number): { column: CsvColumn; category?: string } {
  let at = 0;
  for (const c of columns) {
    const n = isCategorical(c) ? c.categories.length : 1;
    if (j < at + n) return isCategorical(c) ? { column: c, category: c.categories[j - at]! } : { column: c };
    at += n;
  }
  throw new RangeError(`position ${j} is beyond the encoded width ${at}`);
}
