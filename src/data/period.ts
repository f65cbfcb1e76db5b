// Window lengths from a series' own period (`--window auto`): a window as long as one cycle of
// the learning part, and one half as long beside it. The period is TSB-AD's rule (find_length in
// Liu & Paparrizos, NeurIPS 2024, the benchmark's own window rule): of the autocorrelation's local
// maxima at lags 3..400 over the first 20,000 values, the highest; 125 when there is none or it
// lies past lag 303. Several metrics: their autocorrelations averaged (constant ones left out).
// The bounds keep a window trainable: at least 16 rows (a short incident still shows as a shape),
// at most 256 (the network's width grows with it) and half the learning part (two windows fit).
// Measured on all four benchmarks: docs/benchmarks.md, decisions #71.

import type { ChosenSizes } from './samples.js';

export const AUTO_WINDOW = {
  /** The longest lag looked at, and the values read (TSB-AD's). */
  maxLag: 400,
  firstValues: 20_000,
  /** Lags below `base` are not periods (TSB-AD's base 3). */
  base: 3,
  /** No clear period, or one past `base + 300`: this length. */
  fallback: 125,
  min: 16,
  max: 256,
  /** The shorter window beside the period's: half of it, at least this. */
  halfMin: 8,
} as const;

/**
 * The mean autocorrelation of the metrics at lags 0..maxLag (statsmodels' acf: the lag's sum
 * over n). A missing cell (NaN) is left out; a lag's sum is then scaled up by the pairs it lost,
 * so that lags where the gaps happen to align do not win.
 */
export function meanAutocorrelation(series: Float32Array, metrics: number, rows: number, maxLag: number): Float64Array {
  const lags = Math.max(0, Math.min(maxLag, rows - 1));
  const acf = new Float64Array(lags + 1);
  const x = new Float64Array(rows);
  const ok = new Uint8Array(rows);
  let used = 0;
  for (let c = 0; c < metrics; c++) {
    let sum = 0;
    let n = 0;
    for (let r = 0; r < rows; r++) {
      const v = series[r * metrics + c]!;
      ok[r] = Number.isFinite(v) ? 1 : 0;
      if (ok[r]) {
        sum += v;
        n++;
      }
    }
    if (n < 2) continue;
    const mean = sum / n;
    for (let r = 0; r < rows; r++) x[r] = ok[r] ? series[r * metrics + c]! - mean : 0;
    const gaps = n < rows;
    const cov = (k: number) => {
      let s = 0;
      let pairs = 0;
      for (let r = 0; r + k < rows; r++) {
        s += x[r]! * x[r + k]!;
        if (gaps) pairs += ok[r]! & ok[r + k]!;
      }
      // Missing cells are zeros in x: the sum is over the valid pairs, as if all rows - k were.
      return gaps ? (pairs > 0 ? (s * (rows - k)) / pairs : 0) : s;
    };
    const c0 = cov(0);
    if (!(c0 > 0)) continue;
    used++;
    for (let k = 0; k <= lags; k++) acf[k] = acf[k]! + cov(k) / c0;
  }
  if (used > 1) for (let k = 0; k <= lags; k++) acf[k] = acf[k]! / used;
  return acf;
}

/** The series' period by TSB-AD's rule (unbounded), or null when it finds none. */
export function seriesPeriod(series: Float32Array, metrics: number, rows: number): number | null {
  const a = AUTO_WINDOW;
  const n = Math.min(rows, a.firstValues);
  const acf = meanAutocorrelation(series, metrics, n, a.maxLag);
  let best = -Infinity;
  let at = -1;
  // Strict local maxima (scipy's argrelextrema with np.greater) from lag base + 1 on.
  for (let k = a.base + 1; k < acf.length - 1; k++) {
    const v = acf[k]!;
    if (v > acf[k - 1]! && v > acf[k + 1]! && v > best) {
      best = v;
      at = k;
    }
  }
  if (at < 0 || at - a.base < 3 || at - a.base > 300) return null;
  return at;
}

/**
 * The window lengths `--window auto` picks from a learning part of `rows` rows (the first rows
 * of `series`), longest first, and the period they came from (null: none found, the fallback).
 */
export function autoWindowLengths(series: Float32Array, metrics: number, rows: number): ChosenSizes {
  const a = AUTO_WINDOW;
  const period = seriesPeriod(series, metrics, rows);
  const fits = Math.floor(rows / 2);
  const long = Math.max(2, Math.min(a.max, fits, Math.max(a.min, period ?? a.fallback)));
  const short = Math.max(2, Math.min(long - 1, Math.max(a.halfMin, long >> 1)));
  return { sizes: long > 2 ? [long, short] : [long], period };
}
