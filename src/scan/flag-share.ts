// A scan that flags far more than its rule expects is more likely wrong than right: a counter or
// a clock read as a level, a column that means something else than in training, a model that
// learned nothing. Say so (stderr and the JSON document's `warnings`) with what can be checked
// from the result, instead of exiting 0 with thousands of alarms and no word.
import type { Thresholds } from '../detect/thresholds.js';
import type { ScanCounts } from './scan-result.js';

/** The share of records a rule flags on normal data. */
export function expectedShare(likelihood: number | null, thresholds: Thresholds): number | null {
  if (likelihood !== null) return 1 - likelihood;
  const rule = thresholds.high?.rule ?? thresholds.low?.rule;
  const m = rule ? /^(percentile|contamination) ([\d.e+-]+)/.exec(rule) : null;
  if (!m) return null;
  const v = Number(m[2]);
  return m[1] === 'percentile' ? (100 - v) / 100 : v;
}

/**
 * Far more: ten times the rule's share, and at least 1 % of the records — 5 % for a series
 * scored per row, where one real incident keeps a window's length of rows flagged (one hour-long
 * incident in 14 days of 5-minute rows flags 2 % of them).
 */
export function tooManyFlagged(counts: ScanCounts, expected: number | null): boolean {
  if (expected === null || counts.scored < 100) return false;
  const floor = counts.unscored !== undefined ? 0.05 : 0.01;
  return counts.flagged / counts.scored > Math.max(10 * expected, floor);
}

export function flaggedShareWarnings(
  counts: ScanCounts & { outOfRange?: number },
  likelihood: number | null,
  thresholds: Thresholds,
  meanLossWorse: boolean,
  blamedFirst: Record<string, number> = {},
): string[] {
  const expected = expectedShare(likelihood, thresholds);
  if (!tooManyFlagged(counts, expected)) return [];
  const pct = (x: number) => `${Number((100 * x).toPrecision(3))} %`;
  const causes: string[] = [];
  if (counts.outOfRange && counts.outOfRange > counts.flagged / 2)
    causes.push(
      `${counts.outOfRange} by the range rule: a column keeps leaving the range it had (a counter or a clock read as a level? rate it first)`,
    );
  const [column, blamed] = Object.entries(blamedFirst).sort((a, b) => b[1] - a[1])[0] ?? [];
  if (column !== undefined && blamed! > counts.flagged / 2)
    causes.push(
      `${blamed} of them blame ${JSON.stringify(column)} most: check that column (does it only rise, as a counter or a clock? has its level changed for good?)`,
    );
  if (meanLossWorse) causes.push('the model reconstructs no better than the column means (it learned nothing)');
  causes.push('a column that means something else than in the data learned from, or a lasting change (learn again)');
  return [
    `flagged ${counts.flagged} of ${counts.scored} records (${pct(counts.flagged / counts.scored)}), where the rule expects about ${pct(expected!)}: likely causes: ${causes.join('; ')}`,
  ];
}
