// A run judged against known labels (labels): the metrics. Shared by scans and by training on
// a file (scored on its own rows).
import { roundDeep } from '../detect/precision.js';
import { evaluate, type Evaluation } from '../detect/evaluate.js';
import { classify, type Thresholds } from '../detect/thresholds.js';
import { joinLabels, type LabelTargets, type Labels } from '../data/labels.js';

/**
 * Scores judged against known labels, flagged by `thresholds` (scan, and train on its own rows)
 * or, when given, by the scan's own decisions (a likelihood rule, the range rule).
 */
export function evaluateLabels(
  labels: Labels,
  labelFile: string,
  targets: LabelTargets,
  scores: ArrayLike<number>,
  thresholds: Thresholds,
  decided?: ArrayLike<unknown>,
): Evaluation {
  const truth = joinLabels(labels, targets, labelFile);
  const flagged = decided
    ? Array.from(decided, (t) => t !== null)
    : Array.from(scores, (s) => classify(s, thresholds) !== null);
  // Metrics print as scores do: 6 significant digits (0.241197, not 0.24119749793629244).
  return roundDeep(evaluate(scores, truth, flagged, { high: thresholds.high?.value, low: thresholds.low?.value }));
}
