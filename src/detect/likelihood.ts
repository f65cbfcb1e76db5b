// A calibrated anomaly likelihood, after Numenta's (Ahmad et al. 2017): how unusual the recent
// scores are against the stream's own longer history, as a probability in [0, 1] that means
// the same on any model's scale. Per score s_t (docs/decisions.md #43):
//   m_t = mean(s_{t−A+1} … s_t)                    a short-term average (A = `average`)
//   μ, σ = mean and standard deviation of the m of the last H samples before t (H = `history`),
//          σ at least `minStd`·|μ| (a constant series has σ = 0); before `minSamples` of them,
//          the training scores' mean and standard deviation (the prior; without one, the
//          likelihood is 0.5: not yet known)
//   likelihood_t = Φ((m_t − μ) / σ)                one-sided: only worse than usual is unusual
// What enters the history is m_t winsorised at μ + clip·σ (the μ and σ it was judged by), and
// nothing that is not finite: one glitch, or one real incident, then moves σ by a bounded step
// instead of blinding the likelihood until it leaves the history days later; a lasting shift
// still raises μ and σ step by step until it is the new normal (docs/decisions.md #55).
// A change that holds (`adopt` means in a row above the clip) is the new normal at once: the
// history becomes those means, and the one before is kept; once the scores have been back within
// that earlier normal for `adopt` means, it is restored (a long incident that ended). Without
// this a lasting shift takes the clipped history a day or more to accept (decisions #69).
// The tail 1 − likelihood is kept exactly (no cancellation near 1) for the log form.
// Pure arithmetic on numbers: no TensorFlow, no files.
import { MeanHistory, type HistoryState } from './likelihood-history.js';
import { roundScore } from './precision.js';

export interface LikelihoodSettings {
  /** Scores averaged into the short-term mean (A). */
  average: number;
  /** Short-term means the long-term distribution is taken over (H). */
  history: number;
  /** Means needed before the stream's own distribution replaces the prior. */
  minSamples: number;
  /** The smallest σ, as a share of μ (0.05: a 5 % change of the mean score is one σ). */
  minStd: number;
  /** Means enter the history at most `clip` σ above its mean (0: unbounded, Numenta's original). */
  clip: number;
  /** Means in a row above the clip that make the new level normal (0: never; then only the clip's slow climb). */
  adopt: number;
}

export const LIKELIHOOD_DEFAULTS: LikelihoodSettings = {
  average: 10,
  history: 8640,
  minSamples: 300,
  minStd: 0.05,
  clip: 4,
  adopt: 0,
};

/** What the training scores say before the stream has said enough: their mean and σ. */
export interface LikelihoodPrior {
  mean: number;
  std: number;
  samples: number;
}

export function likelihoodPrior(scores: ArrayLike<number>): LikelihoodPrior {
  let sum = 0;
  let sq = 0;
  let n = 0;
  // An unscored sample (a score that overflowed) says nothing of the usual ones: a NaN here
  // would make every likelihood NaN until the stream's own history took over.
  for (let i = 0; i < scores.length; i++) {
    const x = scores[i]!;
    if (!Number.isFinite(x)) continue;
    sum += x;
    sq += x * x;
    n++;
  }
  const mean = n ? sum / n : 0;
  const std = n > 1 ? Math.sqrt(Math.max(0, (sq - n * mean * mean) / (n - 1))) : 0;
  return { mean: roundScore(mean), std: roundScore(std), samples: n };
}

export interface LikelihoodValue {
  /** Φ(z), in [0, 1]. */
  likelihood: number;
  /** 1 − likelihood, exact in the far tail. */
  tail: number;
}

export type { HistoryState };

/** Where a likelihood stands, as plain JSON: a stream resumed from it goes on exactly. */
export interface LikelihoodState extends HistoryState {
  recent: number[];
  seen: number;
  /** The means in a row beyond the normal so far: above it ('up'), or back within the one before ('back'). */
  run?: { kind: 'up' | 'back'; means: number[] };
  /** The normal before an adopted change (restored if the scores come back to it). */
  previous?: HistoryState | null;
}

/** The likelihood of each score in stream order; O(1) per score. */
export class Likelihood {
  private readonly recent: Float64Array;
  private seen = 0;
  private history: MeanHistory;
  /** The normal before an adopted change, while the scores may still come back to it. */
  private previous: MeanHistory | null = null;
  /** Means in a row beyond the normal: above its clip, or (after a change) back in `previous`. */
  private run: { kind: 'up' | 'back'; means: number[] } | null = null;

  constructor(
    readonly settings: LikelihoodSettings = LIKELIHOOD_DEFAULTS,
    private readonly prior: LikelihoodPrior | null = null,
  ) {
    this.recent = new Float64Array(Math.max(1, settings.average));
    this.history = new MeanHistory(settings.history);
  }

  state(): LikelihoodState {
    return {
      recent: Array.from(this.recent),
      seen: this.seen,
      ...this.history.state(),
      ...(this.run ? { run: { kind: this.run.kind, means: [...this.run.means] } } : {}),
      ...(this.previous ? { previous: this.previous.state() } : {}),
    };
  }

  /** Goes on from `s` (settings and prior as it was made with). */
  restore(s: LikelihoodState): this {
    if (s.recent.length !== this.recent.length) throw new RangeError('a likelihood state of other settings');
    this.recent.set(s.recent);
    this.seen = s.seen;
    this.history = MeanHistory.restore(this.settings.history, s);
    this.previous = s.previous ? MeanHistory.restore(this.settings.history, s.previous) : null;
    this.run = s.run ? { kind: s.run.kind, means: [...s.run.means] } : null;
    return this;
  }

  /** The likelihood of the next score; a score that is not finite is judged and remembered as none. */
  next(score: number): LikelihoodValue {
    if (!Number.isFinite(score)) return { likelihood: 1, tail: 0 };
    const x = score;
    const a = this.recent.length;
    this.recent[this.seen % a] = x;
    this.seen++;
    // Summed anew (A is small): a running sum that took a huge score and gave it back would
    // keep its rounding error, as large as the other scores together.
    const filled = Math.min(this.seen, a);
    let sum = 0;
    for (let i = 0; i < filled; i++) sum += this.recent[i]!;
    const m = sum / filled;
    const norm = this.normal(this.history);
    if (!norm) {
      this.history.add(m);
      return { likelihood: 0.5, tail: 0.5 };
    }
    const tail = upperTail((m - norm.mean) / norm.std);
    const clip = this.settings.clip;
    const kind = this.settings.adopt > 0 && clip > 0 ? this.runKind(m, norm) : null;
    // A mean back in the earlier normal waits in its run: were it remembered, a few of them
    // would widen the adopted history's σ until nothing looked back any more.
    if (kind !== 'back') this.history.add(clip > 0 ? Math.min(m, norm.mean + clip * norm.std) : m);
    this.follow(m, kind);
    return { likelihood: 1 - tail, tail };
  }

  /**
   * Whether `m` is above the clip (a change), or after one, no longer in it: back within the
   * normal before it, or as far below the adopted level as a change is above one.
   */
  private runKind(m: number, norm: { mean: number; std: number }): 'up' | 'back' | null {
    const clip = this.settings.clip;
    if (m > norm.mean + clip * norm.std) return 'up';
    const before = this.previous ? this.normal(this.previous) : null;
    if (!before) return null;
    return m <= before.mean + clip * before.std || m < norm.mean - clip * norm.std ? 'back' : null;
  }

  /**
   * Counts the means in a row above the clip or back in the normal before a change; `adopt`
   * of them make that level the normal (the earlier one, restored, for a change that is over).
   */
  private follow(m: number, kind: 'up' | 'back' | null): void {
    if (this.run && this.run.kind !== kind) {
      // A back run cut short: its means belong to the present history after all.
      if (this.run.kind === 'back') for (const v of this.run.means) this.history.add(v);
      this.run = null;
    }
    if (!kind) return;
    this.run ??= { kind, means: [] };
    this.run.means.push(m);
    if (this.run.means.length < this.settings.adopt) return;
    if (kind === 'up') {
      // The first normal is the one kept: a climb through several levels is one change.
      this.previous ??= this.history;
      // The new level is the run's recent half: its start may be a burst, or the climb of the
      // short-term mean, that the level after it does not repeat.
      const settled = this.run.means.slice(this.run.means.length >> 1);
      const level = settled.reduce((a, b) => a + b, 0) / settled.length;
      // Scores vary with their level: the new one as much, relatively, as the one before.
      const before = this.normal(this.previous);
      const floor = before && before.mean > 0 ? (before.std / before.mean) * level : 0;
      this.history = MeanHistory.from(this.settings.history, settled, true, floor);
    } else {
      this.history = this.previous!;
      this.previous = null;
      // Winsorised as any mean is: the first of them are the short-term mean on its way down.
      const norm = this.normal(this.history);
      const top = norm ? norm.mean + this.settings.clip * norm.std : Infinity;
      for (const v of this.run.means) this.history.add(Math.min(v, top));
    }
    this.run = null;
  }

  /** What is normal by `h`: its mean and σ once it has enough (or was adopted), else the prior's. */
  private normal(h: MeanHistory): { mean: number; std: number } | null {
    let mean: number;
    let std: number;
    if (h.count >= this.settings.minSamples || (h.adopted && h.count > 0)) {
      ({ mean, std } = h.moments());
      if (h.count < this.settings.minSamples) std = Math.max(std, h.floor);
    } else if (this.prior) ({ mean, std } = this.prior);
    else return null;
    return { mean, std: Math.max(std, this.settings.minStd * Math.abs(mean), 1e-12) };
  }
}

/** P(Z > z) for a standard normal Z: erfc(z/√2)/2. */
export function upperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** erfc with relative error below 1.2e-7 everywhere (Numerical Recipes' Chebyshev fit). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * Numenta's log form, in [0, 1]: ln(tail) / ln(1e-10) — 0.3 at likelihood 0.999, 0.5 at
 * 0.99999, 1 at 1 − 1e-10 — which spreads the far tail where one threshold must separate files.
 */
export function logLikelihood(tail: number): number {
  return Math.min(1, Math.max(0, Math.log(Math.max(tail, 1e-300)) / Math.log(1e-10)));
}
