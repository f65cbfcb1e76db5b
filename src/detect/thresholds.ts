// Thresholds are pure functions of a score distribution. A sample is flagged "high" when its
// score ≥ the high threshold (reconstructed badly) and "low" when ≤ the low threshold
// (reconstructed suspiciously well).
import { InvalidSettingError } from '../errors.js';
import { nextScore, roundScore } from './precision.js';
import { percentileOf, type ScoreDistribution } from './stats.js';

export const TAILS = ['high', 'low', 'both'] as const;
export type Tail = (typeof TAILS)[number];

export interface Threshold {
  value: number;
  /** How it was chosen, e.g. "explicit", "percentile 99", "contamination 0.01", "sigma 3". */
  rule: string;
}

export interface Thresholds {
  high?: Threshold;
  low?: Threshold;
}

export type ThresholdRule =
  | { kind: 'percentile'; p: number; tail: Tail }
  | { kind: 'contamination'; fraction: number; tail: Tail }
  | { kind: 'sigma'; k: number; tail: Tail };

/** MAD × 1.4826 estimates σ for normal data while ignoring the outliers we are looking for. */
const MAD_TO_SIGMA = 1.4826;

/**
 * A rule's thresholds, rounded as scores are (6 digits). Identical training scores are judged
 * alike: a threshold that falls on a block of tied scores (two or more of the 1001 stored
 * quantiles equal to it) moves just past the block — the next 6-digit number above it (high)
 * or below it (low) — so the tied samples are normal. A constant series then flags none of
 * its identical rows, where `score ≥ threshold` would flag them all.
 */
export function thresholdsFromRule(dist: ScoreDistribution, rule: ThresholdRule): Thresholds {
  const raw = rawThresholds(dist, rule);
  const tied = (v: number) => dist.quantiles.filter((q) => q === v).length >= 2;
  const out: Thresholds = {};
  if (raw.high) {
    const v = roundScore(raw.high.value);
    out.high = { value: tied(v) ? nextScore(v, 1) : v, rule: raw.high.rule };
  }
  if (raw.low) {
    const v = roundScore(raw.low.value);
    out.low = { value: tied(v) ? nextScore(v, -1) : v, rule: raw.low.rule };
  }
  return out;
}

function rawThresholds(dist: ScoreDistribution, rule: ThresholdRule): Thresholds {
  const out: Thresholds = {};
  const wantHigh = rule.tail !== 'low';
  const wantLow = rule.tail !== 'high';
  if (rule.kind === 'percentile') {
    // 100 is the largest training score: the Keras time-series example's rule.
    if (!(rule.p > 0 && rule.p <= 100))
      throw new InvalidSettingError('percentile', `must be in (0, 100], not ${rule.p}`);
    // For tail "low" or "both" the percentile is mirrored: 99 → the 1st percentile for low.
    if (wantHigh) out.high = { value: percentileOf(dist, rule.p), rule: `percentile ${rule.p}` };
    if (wantLow) out.low = { value: percentileOf(dist, 100 - rule.p), rule: `percentile ${ruleNumber(100 - rule.p)}` };
  } else if (rule.kind === 'contamination') {
    if (!(rule.fraction > 0 && rule.fraction <= 0.5)) {
      throw new InvalidSettingError('contamination', `must be in (0, 0.5], not ${rule.fraction}`);
    }
    // The expected share of anomalies is split evenly between the tails when both are wanted.
    const f = rule.tail === 'both' ? rule.fraction / 2 : rule.fraction;
    if (wantHigh) out.high = { value: percentileOf(dist, 100 * (1 - f)), rule: `contamination ${rule.fraction}` };
    if (wantLow) out.low = { value: percentileOf(dist, 100 * f), rule: `contamination ${rule.fraction}` };
  } else {
    if (!(rule.k > 0)) throw new InvalidSettingError('sigma', `must be positive, not ${rule.k}`);
    const spread = MAD_TO_SIGMA * dist.mad;
    if (wantHigh) out.high = { value: dist.median + rule.k * spread, rule: `sigma ${rule.k}` };
    if (wantLow) out.low = { value: dist.median - rule.k * spread, rule: `sigma ${rule.k}` };
  }
  return out;
}

/** A number in a rule's text as given: 100 − 99.9 is 0.1, not 0.09999999999999432. */
function ruleNumber(v: number): number {
  return Number(v.toPrecision(12));
}

/** The rule used when none is given at training time: the 99th percentile, tail high. */
export const DEFAULT_RULE: ThresholdRule = { kind: 'percentile', p: 99, tail: 'high' };

/** What a caller asks for: at most one automatic rule, and explicit values on top. */
export interface ThresholdRequest {
  rule?: ThresholdRule | null;
  /** An explicit high threshold: flag scores ≥ it. */
  high?: number;
  /** An explicit low threshold: flag scores ≤ it. */
  low?: number;
}

/**
 * The thresholds to apply, by precedence: a rule over `dist` with explicit values replacing its
 * sides; explicit values alone; with nothing asked, `stored` (a bundle's) or DEFAULT_RULE.
 */
export function resolveThresholds(req: ThresholdRequest, dist: ScoreDistribution, stored?: Thresholds): Thresholds {
  if (req.high === undefined && req.low === undefined && !req.rule)
    return stored ?? thresholdsFromRule(dist, DEFAULT_RULE);
  const t: Thresholds = req.rule ? thresholdsFromRule(dist, req.rule) : {};
  if (req.high !== undefined) t.high = { value: req.high, rule: 'explicit' };
  if (req.low !== undefined) t.low = { value: req.low, rule: 'explicit' };
  return t;
}

/** Which tail a score falls in, if any. */
export function classify(score: number, t: Thresholds): 'high' | 'low' | null {
  if (t.high && score >= t.high.value) return 'high';
  if (t.low && score <= t.low.value) return 'low';
  return null;
}
