// Per-column preprocessing, fitted on training data and stored in the model bundle so that
// scanning applies exactly the same transform.

export const SCALER_KINDS = ['standard', 'minmax', 'robust', 'none'] as const;
export type ScalerKind = (typeof SCALER_KINDS)[number];

export interface Scaler {
  kind: ScalerKind;
  /** Subtracted per column. */
  offset: number[];
  /** Divided by per column; 1 for constant columns, so they map to 0 instead of NaN. */
  scale: number[];
  /**
   * Scored samples only: per column, scaled values beyond ±clip are cut to it (`ae watch`: 30
   * training sds). One glitch (1e30) then counts as a large, finite error, not as one whose
   * square overflows float32 and leaves every window holding it unscored and flagged.
   */
  clip?: number[];
}

/**
 * Fits a scaler on a row-major matrix (rows × width), in float64 for stable sums. With `period`
 * p (windows of p metrics), column j shares the scaler of every column j' ≡ j (mod p): each
 * metric is scaled the same way at every window position.
 */
export function fitScaler(kind: ScalerKind, values: Float32Array, width: number, period?: number): Scaler {
  if (period !== undefined && period < width && width % period === 0) {
    const shared = fitScaler(kind, values, period);
    const tile = (a: number[]) => Array.from({ length: width }, (_, j) => a[j % period]!);
    return { kind, offset: tile(shared.offset), scale: tile(shared.scale) };
  }
  const rows = values.length / width;
  const offset = new Array<number>(width).fill(0);
  const scale = new Array<number>(width).fill(1);
  if (kind === 'none' || rows === 0) return { kind, offset, scale };
  if (kind === 'robust') {
    fitRobust(values, width, offset, scale);
  } else if (kind === 'standard') {
    const mean = new Float64Array(width);
    for (let r = 0; r < rows; r++) for (let c = 0; c < width; c++) mean[c]! += values[r * width + c]!;
    for (let c = 0; c < width; c++) mean[c]! /= rows;
    const sq = new Float64Array(width);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < width; c++) {
        const d = values[r * width + c]! - mean[c]!;
        sq[c]! += d * d;
      }
    }
    for (let c = 0; c < width; c++) {
      offset[c] = mean[c]!;
      const sd = Math.sqrt(sq[c]! / rows); // population sd, as scikit-learn's StandardScaler
      scale[c] = sd > 1e-12 ? sd : 1;
    }
  } else {
    const lo = new Float64Array(width).fill(Infinity);
    const hi = new Float64Array(width).fill(-Infinity);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < width; c++) {
        const v = values[r * width + c]!;
        if (v < lo[c]!) lo[c] = v;
        if (v > hi[c]!) hi[c] = v;
      }
    }
    for (let c = 0; c < width; c++) {
      offset[c] = lo[c]!;
      const range = hi[c]! - lo[c]!;
      scale[c] = range > 1e-12 ? range : 1;
    }
  }
  return { kind, offset, scale };
}

/**
 * Median and interquartile range per column (scikit-learn's RobustScaler): a few outliers in the
 * training data move neither, where they inflate a standard deviation and squeeze the normal
 * rows together.
 */
function fitRobust(values: Float32Array, width: number, offset: number[], scale: number[]): void {
  const rows = values.length / width;
  const column = new Float64Array(rows);
  for (let c = 0; c < width; c++) {
    for (let r = 0; r < rows; r++) column[r] = values[r * width + c]!;
    column.sort();
    offset[c] = quantile(column, 0.5);
    const iqr = quantile(column, 0.75) - quantile(column, 0.25);
    scale[c] = iqr > 1e-12 ? iqr : 1;
  }
}

/** Linear interpolation between order statistics (numpy's default), on sorted values. */
function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Applies a scaler in place to a row-major matrix whose width matches the scaler's. */
export function applyScaler(s: Scaler, values: Float32Array): Float32Array {
  const width = s.offset.length;
  if (s.kind === 'none') return values;
  // Row by row over typed copies: `i % width` and the JSON arrays' element reads cost ~10× the
  // arithmetic (300 ms on a 200 MB scan, profiled). Same division, same results.
  const offset = Float64Array.from(s.offset);
  const scale = Float64Array.from(s.scale);
  if (!s.clip) {
    for (let row = 0; row < values.length; row += width) {
      for (let c = 0; c < width; c++) values[row + c] = (values[row + c]! - offset[c]!) / scale[c]!;
    }
    return values;
  }
  // Clipped in the same pass (NaN stays NaN: it fails both comparisons).
  const bound = Float64Array.from(s.clip);
  for (let row = 0; row < values.length; row += width) {
    for (let c = 0; c < width; c++) {
      const v = (values[row + c]! - offset[c]!) / scale[c]!;
      values[row + c] = v > bound[c]! ? bound[c]! : v < -bound[c]! ? -bound[c]! : v;
    }
  }
  return values;
}
