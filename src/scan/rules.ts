// How a scan turns scores into alerts beyond the thresholds: a record per row for windows, the
// likelihood every record carries (and a rule that flags by it), and incidents. The defaults
// depend on the input: a series (windows, or a record per row) averages 10 scores into the
// likelihood and joins flagged records up to a window apart; independent rows average none
// and are judged against the training scores only.
import { LIKELIHOOD_DEFAULTS, type LikelihoodPrior } from '../detect/likelihood.js';
import { InvalidSettingError, UsageError } from '../errors.js';
import type { BundleMeta } from '../model/bundle-meta.js';
import type { CollectOptions } from './scan-result.js';

export interface ScanRules {
  /** Windows: one record per data row, scored by the window that ends there. */
  perRow?: boolean;
  /** Flag records whose likelihood is at least this (instead of by the score thresholds). */
  likelihood?: number;
  /** Scores averaged into the likelihood's short-term mean (default 10 for series, 1 for rows). */
  likelihoodWindow?: number;
  /** History entries winsorised at μ + this many σ (default 4; 0: unbounded, Numenta's original). */
  likelihoodClip?: number;
  /** Means in a row above the clip that make a lasting change the new normal (default 0: never). */
  likelihoodAdopt?: number;
  /** Unflagged records an incident may span (default: the window length; rows 0). */
  gap?: number;
  /** Records after an incident in which no new one starts (default 0). */
  cooldown?: number;
  /** An open incident holds while the likelihood stays at least this (default: off). */
  hold?: number;
  /** The range rule: flag a value beyond everything seen so far by this share of the range (off). */
  rangeMargin?: number;
}

export function checkRules(r: ScanRules): void {
  if (r.hold !== undefined && !(r.hold > 0 && r.hold < 1))
    throw new InvalidSettingError('hold', `must be in (0, 1), not ${r.hold}`);
  if (r.likelihood !== undefined && !(r.likelihood > 0 && r.likelihood < 1))
    throw new InvalidSettingError('likelihood', `must be in (0, 1), not ${r.likelihood}`);
  if (r.likelihoodClip !== undefined && !(r.likelihoodClip >= 0))
    throw new InvalidSettingError('likelihoodClip', `must be a number of σ ≥ 0, not ${r.likelihoodClip}`);
  if (r.rangeMargin !== undefined && !(r.rangeMargin >= 0))
    throw new InvalidSettingError('rangeMargin', `must be a share ≥ 0, not ${r.rangeMargin}`);
  for (const k of ['likelihoodWindow', 'likelihoodAdopt', 'gap', 'cooldown'] as const) {
    const v = r[k];
    if (v !== undefined && !(Number.isInteger(v) && v >= (k === 'likelihoodWindow' ? 1 : 0)))
      throw new InvalidSettingError(k, `must be a whole number${k === 'likelihoodWindow' ? ' ≥ 1' : ' ≥ 0'}, not ${v}`);
  }
}

/** The collector's settings for a scan with `meta`'s model under `rules`. */
export function collectRules(rules: ScanRules, meta: Pick<BundleMeta, 'input' | 'likelihood'>): CollectOptions {
  checkRules(rules);
  const series = meta.input.kind === 'windows';
  // Rows are already a record each: a record per row of a rows model would do nothing, silently.
  if (rules.perRow && !series)
    throw new UsageError('--per-row goes with windows; this model reads rows (each row is already one record)');
  const window = meta.input.window?.size ?? 0;
  const threshold = rules.likelihood ?? meta.likelihood?.threshold;
  const prior: LikelihoodPrior | null = meta.likelihood?.prior ?? null;
  return {
    perRow: series && rules.perRow === true,
    likelihood: {
      settings: {
        ...LIKELIHOOD_DEFAULTS,
        average: rules.likelihoodWindow ?? (series ? LIKELIHOOD_DEFAULTS.average : 1),
        clip: rules.likelihoodClip ?? LIKELIHOOD_DEFAULTS.clip,
        adopt: rules.likelihoodAdopt ?? LIKELIHOOD_DEFAULTS.adopt,
        // Independent rows have no history to learn from: each is judged against the training
        // scores alone, so a file scanned in parts gives the records of the whole.
        ...(series ? {} : { minSamples: Infinity }),
      },
      prior,
    },
    ...(threshold !== undefined ? { likelihoodThreshold: threshold } : {}),
    incidents: {
      gap: rules.gap ?? (series ? window : 0),
      cooldown: rules.cooldown ?? 0,
      ...(rules.hold !== undefined ? { holdAt: rules.hold } : {}),
    },
    ...(rules.rangeMargin !== undefined ? { rangeMargin: rules.rangeMargin } : {}),
    ...(series ? { metrics: meta.input.columns?.length ?? 1 } : {}),
    ...(meta.input.kind === 'windows' && meta.input.window ? { windowRows: meta.input.window.size } : {}),
  };
}
