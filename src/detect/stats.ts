// Summary statistics of a score distribution, kept in the bundle so thresholds can be
// recomputed at scan time without the training data.
import { mapFloat64, roundScore, roundScores } from './precision.js';

export interface ScoreDistribution {
  count: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  /** Median absolute deviation (unscaled). */
  mad: number;
  /** Quantiles at 0, 0.1, 0.2, … 100 percent (1001 values, linear interpolation). */
  quantiles: number[];
}

/** Percentile p (0..100) of an ascending array, linear interpolation (numpy's default). */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (Math.min(Math.max(p, 0), 100) / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function sortedCopy(scores: ArrayLike<number>): Float64Array {
  return Float64Array.from(scores).sort();
}

/**
 * The distribution of scores as ae prints them (6 significant digits, detect/precision.ts):
 * the scores are rounded first, and so is every statistic.
 */
export function describeScores(scores: ArrayLike<number>): ScoreDistribution {
  const s = roundScores(scores).sort();
  const median = percentileSorted(s, 50);
  const dev = mapFloat64(s, (v) => Math.abs(v - median)).sort();
  let sum = 0;
  for (const v of s) sum += v;
  return {
    count: s.length,
    min: s[0] ?? NaN,
    max: s[s.length - 1] ?? NaN,
    mean: roundScore(s.length ? sum / s.length : NaN),
    median: roundScore(median),
    mad: roundScore(percentileSorted(dev, 50)),
    quantiles: Array.from({ length: 1001 }, (_, i) => roundScore(percentileSorted(s, i / 10))),
  };
}

/** Percentile p read back from a stored distribution's quantile table. */
export function percentileOf(dist: ScoreDistribution, p: number): number {
  return percentileSorted(dist.quantiles, p);
}

/** Equal-width histogram over [min, max]. */
export function histogram(scores: ArrayLike<number>, bins: number, min?: number, max?: number) {
  let lo = min ?? Infinity;
  let hi = max ?? -Infinity;
  if (min === undefined || max === undefined) {
    for (let i = 0; i < scores.length; i++) {
      lo = Math.min(lo, scores[i]!);
      hi = Math.max(hi, scores[i]!);
    }
  }
  const width = hi > lo ? (hi - lo) / bins : 1;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < scores.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor((scores[i]! - lo) / width)));
    counts[b]!++;
  }
  return { edges: Array.from({ length: bins + 1 }, (_, i) => lo + i * width), counts };
}
