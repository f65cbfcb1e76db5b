// What a scan says on stderr: the one-line summary, the intervals, the metrics.
import type { Evaluation } from '../../detect/evaluate.js';
import type { ScanResult } from '../../scan/scan-result.js';
import { r6, type Interval } from '../../scan/records.js';
import type { Logger } from '../log.js';

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

/** The human summary of a scan (without --json). */
export function printSummary(log: Logger, result: ScanResult, ndjson: boolean): void {
  if (ndjson) {
    if (result.metrics) log.info(describeEvaluation(result.metrics));
    return;
  }
  // Flagged by likelihood, the score thresholds decided nothing: name the rule that did.
  const byLikelihood = result.likelihoodThreshold !== null;
  const t = byLikelihood ? {} : result.thresholds;
  const c = log.chalk;
  const counts = result.counts;
  log.info(
    `ae: scored ${counts.scored} sample(s): ${c.red(`${counts.high} high`)}` +
      (t.high ? ` (score ≥ ${r6(t.high.value)}, ${t.high.rule})` : '') +
      (byLikelihood
        ? ` (likelihood ≥ ${result.likelihoodThreshold}${counts.outOfRange !== undefined ? ' or out of range' : ''})`
        : '') +
      `, ${c.cyan(`${counts.low} low`)}` +
      (t.low ? ` (score ≤ ${r6(t.low.value)}, ${t.low.rule})` : '') +
      (counts.skipped ? `, ${counts.skipped} skipped` : '') +
      (counts.incidents ? `; ${counts.incidents} incident(s)` : ''),
  );
  if (result.intervals.length) printIntervals(log, result.intervals, result.intervalCount);
  if (result.metrics) log.info(describeEvaluation(result.metrics));
}

function printIntervals(log: Logger, intervals: Interval[], count: number): void {
  const shown = intervals.slice(0, 5);
  const span = (iv: Interval) =>
    iv.startId !== undefined ? `${iv.startId} … ${iv.endId}` : `rows ${iv.start}–${iv.end - 1}`;
  log.info(`ae: ${count} flagged interval(s) of overlapping windows:`);
  for (const iv of shown) {
    // A low interval is about scores too small: its lowest is what matters.
    const extreme = iv.tail === 'low' ? `min score ${iv.minScore}` : `max score ${iv.maxScore}`;
    log.info(`  ${span(iv)}  (${iv.windows} window(s), ${iv.tail}, ${extreme})`);
  }
  if (count > shown.length) log.info(`  … and ${count - shown.length} more (--json has all)`);
}
