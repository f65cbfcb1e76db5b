// A scaler fitted on windows read through a view (window-view.ts), equal to fitScaler on the
// windows copied out (tested), without copying them: a metric shared by every window position
// is a weighted statistic of the series' rows (weight: how many windows read the row); a
// scaler per position reads one column of the windows at a time.
import { fitScaler, type Scaler, type ScalerKind } from './scalers.js';
import { rowWeights, sampleRowOffsets, viewWidth, type WindowView } from './window-view.js';

/** fitScaler(kind, windows of `v`, width, period), without the windows in memory. */
export function fitViewScaler(kind: ScalerKind, v: WindowView, period?: number): Scaler {
  const width = viewWidth(v);
  if (v.sizes.length === 1 && v.sizes[0] === 1 && isEveryRow(v)) return fitScaler(kind, v.series, width, period);
  if (period === v.metrics && width % period === 0) {
    const shared = weightedScaler(kind, v, rowWeights(v));
    const tile = (a: number[]) => Array.from({ length: width }, (_, j) => a[j % period]!);
    return { kind, offset: tile(shared.offset), scale: tile(shared.scale) };
  }
  const offset = new Array<number>(width).fill(0);
  const scale = new Array<number>(width).fill(1);
  if (kind === 'none') return { kind, offset, scale };
  const rowsAt = sampleRowOffsets(v.sizes);
  const column = new Float32Array(v.starts.length);
  for (let j = 0; j < width; j++) {
    const at = rowsAt[Math.floor(j / v.metrics)]!;
    const c = j % v.metrics;
    for (let i = 0; i < column.length; i++) column[i] = v.series[(v.starts[i]! + at) * v.metrics + c]!;
    const one = fitScaler(kind, column, 1);
    offset[j] = one.offset[0]!;
    scale[j] = one.scale[0]!;
  }
  return { kind, offset, scale };
}

function isEveryRow(v: WindowView): boolean {
  if (v.starts.length * v.metrics !== v.series.length) return false;
  for (let i = 0; i < v.starts.length; i++) if (v.starts[i] !== i) return false;
  return true;
}

/** Per metric, over the series' rows, each counted `weights[r]` times. */
function weightedScaler(kind: ScalerKind, v: WindowView, weights: Float64Array): Scaler {
  const c = v.metrics;
  const offset = new Array<number>(c).fill(0);
  const scale = new Array<number>(c).fill(1);
  const total = weights.reduce((a, b) => a + b, 0);
  if (kind === 'none' || total === 0) return { kind, offset, scale };
  for (let m = 0; m < c; m++) {
    const [o, s] =
      kind === 'standard'
        ? weightedMeanSd(v.series, c, m, weights, total)
        : kind === 'minmax'
          ? weightedRange(v.series, c, m, weights)
          : weightedMedianIqr(v.series, c, m, weights, total);
    offset[m] = o;
    scale[m] = s > 1e-12 ? s : 1;
  }
  return { kind, offset, scale };
}

function weightedMeanSd(x: Float32Array, c: number, m: number, w: Float64Array, total: number): [number, number] {
  let sum = 0;
  for (let r = 0; r < w.length; r++) sum += w[r]! * x[r * c + m]!;
  const mean = sum / total;
  let sq = 0;
  for (let r = 0; r < w.length; r++) sq += w[r]! * (x[r * c + m]! - mean) ** 2;
  return [mean, Math.sqrt(sq / total)];
}

function weightedRange(x: Float32Array, c: number, m: number, w: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < w.length; r++) {
    if (w[r] === 0) continue;
    const v = x[r * c + m]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi - lo];
}

/** Median and IQR as numpy's linear quantile over the values repeated by their weights. */
function weightedMedianIqr(x: Float32Array, c: number, m: number, w: Float64Array, total: number): [number, number] {
  const rows: number[] = [];
  for (let r = 0; r < w.length; r++) if (w[r]! > 0) rows.push(r);
  const value = (r: number) => x[r * c + m]!;
  rows.sort((a, b) => value(a) - value(b));
  // The k-th order statistic (0-based) of the repeated values.
  const cumulative = new Float64Array(rows.length);
  rows.reduce((acc, r, i) => (cumulative[i] = acc + w[r]!), 0);
  const order = (k: number): number => {
    let lo = 0;
    let hi = rows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > k) hi = mid;
      else lo = mid + 1;
    }
    return value(rows[lo]!);
  };
  const quantile = (q: number) => {
    const pos = (total - 1) * q;
    const lo = Math.floor(pos);
    const a = order(lo);
    return a + (order(Math.min(lo + 1, total - 1)) - a) * (pos - lo);
  };
  return [quantile(0.5), quantile(0.75) - quantile(0.25)];
}
