// A run judged against known labels (--labels): the metrics, and their one-line summary for
// stderr. Shared by `ae scan` and `ae train <csv>` (scored on its own rows).
import { evaluate, type Evaluation } from '../../detect/evaluate.js';
import { classify, type Thresholds } from '../../detect/thresholds.js';
import { joinLabels, type LabelTargets, type Labels } from '../../data/labels.js';

/** Scores judged against known labels, flagged by `thresholds` (scan, and train on its own rows). */
export function evaluateLabels(
  labels: Labels,
  labelFile: string,
  targets: LabelTargets,
  scores: ArrayLike<number>,
  thresholds: Thresholds,
): Evaluation {
  const truth = joinLabels(labels, targets, labelFile);
  const flagged = Array.from(scores, (s) => classify(s, thresholds) !== null);
  return evaluate(scores, truth, flagged, { high: thresholds.high?.value, low: thresholds.low?.value });
}

/** One line for stderr: the ranking and the decisions. */
export function describeEvaluation(m: Evaluation): string {
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : '-');
  const c = m.atThresholds;
  return (
    `ae: against ${m.positives} labelled anomal${m.positives === 1 ? 'y' : 'ies'} in ${m.samples}: ` +
    `ROC AUC ${f(m.rocAuc)}, PR AUC ${f(m.prAuc)}, precision@${m.precisionAtK.k} ${f(m.precisionAtK.precision)}; ` +
    `at the thresholds: precision ${f(c.precision)}, recall ${f(c.recall)}, F1 ${f(c.f1)}; ` +
    `best F1 ${f(m.bestF1.f1)} at ${m.rankedBy === 'two-tailed' ? 'two-tailed distance' : 'score'} ≥ ${Number(m.bestF1.threshold.toPrecision(6))}`
  );
}
