// What can be wrong with a detector's thresholds against its own training scores, said before
// the scan says nothing useful: a degenerate distribution, a rule that calls most of the
// training data anomalous, a low threshold that an error can never reach.
import { isRelative } from '../model/architecture.js';
import type { BundleMeta } from '../model/bundle-meta.js';
import type { Thresholds } from '../detect/thresholds.js';

interface Judged {
  meta: Pick<BundleMeta, 'scores' | 'score'>;
  thresholds: Thresholds;
}

/** Warnings: the distribution or the rule makes the flags meaningless. */
export function scoreWarnings(d: Judged): string[] {
  const { scores } = d.meta;
  const out: string[] = [];
  if (scores.count > 1 && scores.min === scores.max) {
    out.push(
      `all ${scores.count} training scores are equal (${scores.min}): the data is constant or every sample ` +
        'is reconstructed alike; only a sample that scores otherwise is flagged',
    );
  }
  const share = flaggedShare(scores.quantiles, d.thresholds);
  if (share > 0.5) {
    out.push(
      `the thresholds flag about ${Math.round(share * 100)} % of the training samples: ` +
        'choose a rule that calls fewer of them anomalous (--percentile, --contamination, --threshold)',
    );
  }
  return out;
}

/** Notes: a threshold that can never fire. */
export function scoreNotes(d: Judged): string[] {
  const low = d.thresholds.low;
  if (!low || low.value >= 0) return [];
  const kind = isRelative(d.meta.score) ? 'a relative score' : `an ${(d.meta.score ?? 'mse').toUpperCase()}`;
  return [
    `note: the low threshold (score ≤ ${low.value}) is below 0, which ${kind} never reaches: nothing is flagged low`,
  ];
}

/** The share of training scores the thresholds flag, read off the stored quantiles. */
function flaggedShare(quantiles: number[], t: Thresholds): number {
  if (quantiles.length < 2) return 0;
  const n = quantiles.length;
  let flagged = 0;
  for (const q of quantiles) if ((t.high && q >= t.high.value) || (t.low && q <= t.low.value)) flagged++;
  return flagged / n;
}
