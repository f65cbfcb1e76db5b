// Missing cells filled, when asked (`--impute median|mean|previous`): each metric's median or
// mean over the cells that were there, computed on the training data and stored in the bundle,
// so a scan fills the same cells with the same values; or, for a series, the metric's last value
// (carried forward as it streams; cells before any value get the stored median). Off by default
// for `ae scan` and `ae train`: a missing cell is an error then; `ae watch` carries forward.
import type { Batch } from './batch.js';

/**
 * Fills the NaNs of row-major `values` in place; `metrics` columns repeat across the width
 * (a window of W rows × C metrics: column j is metric j mod C). Returns one value per metric.
 */
export function fillMissing(
  values: Float32Array,
  width: number,
  metrics: number,
  kind: 'median' | 'mean',
  /** Which samples the fill values are learned from (default: all); every sample is filled. */
  learnFrom: (sample: number) => boolean = () => true,
  /** Told of every cell filled: its sample and its column in the width. */
  onFill?: (sample: number, j: number) => void,
): number[] {
  const per: number[][] = Array.from({ length: metrics }, () => []);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v && learnFrom(Math.floor(i / width))) per[(i % width) % metrics]!.push(v);
  }
  // Rounded as stored (7 digits, float32's), so training fills exactly what a scan will.
  const fills = per.map((xs) => Number((xs.length === 0 ? 0 : kind === 'mean' ? mean(xs) : median(xs)).toPrecision(7)));
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== values[i]) {
      values[i] = fills[(i % width) % metrics]!;
      onFill?.(Math.floor(i / width), i % width);
    }
  }
  return fills;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function median(xs: number[]): number {
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Fills each column's missing cells (NaN) of a series read whole (rows × width) by straight
 * lines between the values around them; cells after the last value take it. Cells before the
 * first value are left (the caller gives them the learned median). Returns how many were filled.
 */
export function interpolateLinear(
  values: Float32Array,
  width: number,
  onFill?: (row: number, column: number) => void,
): number {
  const rows = values.length / width;
  let filled = 0;
  for (let c = 0; c < width; c++) {
    let before = -1; // the last row with a value
    for (let r = 0; r <= rows; r++) {
      const v = r < rows ? values[r * width + c]! : NaN;
      if (v !== v && r < rows) continue;
      if (before >= 0 && r - before > 1) {
        const from = values[before * width + c]!;
        for (let k = before + 1; k < r; k++) {
          // Past the last value: that value (nothing to draw a line to).
          values[k * width + c] = r < rows ? from + ((v - from) * (k - before)) / (r - before) : from;
          onFill?.(k, c);
          filled++;
        }
      }
      before = r;
    }
  }
  return filled;
}

/**
 * Row batches with each missing cell (NaN) given its column's last value; cells before any
 * value keep NaN unless `fallback` gives one per column (a bundle's medians).
 */
export async function* carryForward(
  batches: AsyncIterable<Batch> | Iterable<Batch>,
  fallback?: number[],
  /** Told of every cell filled: its data line and its column in the batch. */
  onFill?: (line: number, j: number) => void,
  /** Fill with `fallback` only, never the last value (a bundle's medians or means). */
  fixed = false,
): AsyncGenerator<Batch> {
  let last: Float64Array | null = null;
  for await (const b of batches) {
    last ??= Float64Array.from({ length: b.width }, (_, j) => fallback?.[j] ?? NaN);
    for (let i = 0; i < b.count; i++) {
      for (let j = 0; j < b.width; j++) {
        const at = i * b.width + j;
        const v = b.values[at]!;
        if (v === v) {
          if (!fixed) last[j] = v;
        } else {
          b.values[at] = last[j]!;
          if (last[j] === last[j]) onFill?.(b.index[i]!, j);
        }
      }
    }
    yield b;
  }
}
