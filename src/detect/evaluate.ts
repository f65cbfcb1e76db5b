// How good a scan is against known labels (1 = anomaly), with "higher score = more anomalous":
// the ranking (ROC AUC, PR AUC, precision at k) and the decisions (confusion at the thresholds
// used, and the high threshold that would have maximised F1). One implementation for CSV scans
// and the MNIST experiment.
import { confusion, prAuc, rocAuc, type Confusion } from './metrics.js';
import { mapFloat64 } from './precision.js';

export interface Evaluation {
  /**
   * What the ranking metrics rank: the score itself, or — when both tails are flagged — how far
   * a score lies beyond the median towards either threshold (1 at a threshold), so too-good
   * reconstructions count as anomalous too.
   */
  rankedBy: 'score' | 'two-tailed';
  samples: number;
  positives: number;
  rocAuc: number;
  prAuc: number;
  /** At the thresholds the run used (either tail flagged counts as "anomaly"). */
  atThresholds: Confusion;
  /** The best threshold over the ranked values (the score, or the two-tailed distance): flag ≥ it. */
  bestF1: { threshold: number; f1: number; precision: number; recall: number };
  /** Precision among the k highest scores, k = the number of positives. */
  precisionAtK: { k: number; precision: number };
}

export function evaluate(
  raw: ArrayLike<number>,
  labels: ArrayLike<number>,
  flagged: ArrayLike<boolean>,
  tails: { high?: number; low?: number } = {},
): Evaluation {
  const twoTailed = tails.high !== undefined && tails.low !== undefined;
  const scores = twoTailed ? twoTailedScores(raw, tails.high!, tails.low!) : raw;
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  return {
    rankedBy: twoTailed ? 'two-tailed' : 'score',
    samples: scores.length,
    positives,
    rocAuc: rocAuc(scores, labels),
    prAuc: prAuc(scores, labels),
    atThresholds: confusion(flagged, labels),
    bestF1: bestF1(scores, labels, order, positives),
    precisionAtK: precisionAtK(labels, order, positives),
  };
}

/** Distance beyond the median in units of the way to each threshold: 1 at either threshold. */
export function twoTailedScores(scores: ArrayLike<number>, high: number, low: number): Float64Array {
  const sorted = Float64Array.from(scores).sort();
  const median = sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : 0;
  const up = Math.max(high - median, Number.EPSILON);
  const down = Math.max(median - low, Number.EPSILON);
  return mapFloat64(scores, (s) => (s >= median ? (s - median) / up : (median - s) / down));
}

/** Sweeps the threshold down the sorted scores; ties move together. */
function bestF1(scores: ArrayLike<number>, labels: ArrayLike<number>, order: number[], positives: number) {
  let best = { threshold: NaN, f1: 0, precision: 0, recall: 0 };
  let tp = 0;
  let flagged = 0;
  for (let i = 0; i < order.length;) {
    const t = scores[order[i]!]!;
    for (; i < order.length && scores[order[i]!] === t; i++) {
      flagged++;
      if (labels[order[i]!] === 1) tp++;
    }
    const precision = tp / flagged;
    const recall = positives ? tp / positives : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    if (f1 > best.f1) best = { threshold: t, f1, precision, recall };
  }
  return best;
}

function precisionAtK(labels: ArrayLike<number>, order: number[], k: number) {
  let hits = 0;
  for (let i = 0; i < k; i++) hits += labels[order[i]!] === 1 ? 1 : 0;
  return { k, precision: k ? hits / k : NaN };
}
