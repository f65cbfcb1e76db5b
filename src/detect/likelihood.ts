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
// The tail 1 − likelihood is kept exactly (no cancellation near 1) for the log form.
// Pure arithmetic on numbers: no TensorFlow, no files.
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
}

export const LIKELIHOOD_DEFAULTS: LikelihoodSettings = {
  average: 10,
  history: 8640,
  minSamples: 300,
  minStd: 0.05,
  clip: 4,
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
  for (let i = 0; i < scores.length; i++) {
    const x = scores[i]!;
    sum += x;
    sq += x * x;
  }
  const n = scores.length;
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

/** Where a likelihood stands, as plain JSON: a stream resumed from it goes on exactly. */
export interface LikelihoodState {
  recent: number[];
  seen: number;
  means: number[];
  meansSum: number;
  meansSq: number;
  meansCount: number;
  evicted: number;
}

/** The likelihood of each score in stream order; O(1) per score. */
export class Likelihood {
  private readonly recent: Float64Array;
  private seen = 0;
  private readonly means: Float64Array;
  private meansSum = 0;
  private meansSq = 0;
  private meansCount = 0;
  /** Means replaced so far once the history is full (the ring's next slot). */
  private evicted = 0;

  constructor(
    readonly settings: LikelihoodSettings = LIKELIHOOD_DEFAULTS,
    private readonly prior: LikelihoodPrior | null = null,
  ) {
    this.recent = new Float64Array(Math.max(1, settings.average));
    this.means = new Float64Array(Math.max(1, settings.history));
  }

  state(): LikelihoodState {
    const { seen, meansSum, meansSq, meansCount, evicted } = this;
    const means = Array.from(this.means.subarray(0, meansCount));
    return { recent: Array.from(this.recent), seen, means, meansSum, meansSq, meansCount, evicted };
  }

  /** Goes on from `s` (settings and prior as it was made with). */
  restore(s: LikelihoodState): this {
    if (s.recent.length !== this.recent.length || s.means.length > this.means.length)
      throw new RangeError('a likelihood state of other settings');
    this.recent.set(s.recent);
    this.means.set(s.means);
    Object.assign(this, {
      seen: s.seen,
      meansSum: s.meansSum,
      meansSq: s.meansSq,
      meansCount: s.meansCount,
      evicted: s.evicted,
    });
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
    const norm = this.normal();
    if (!norm) {
      this.remember(m);
      return { likelihood: 0.5, tail: 0.5 };
    }
    const tail = upperTail((m - norm.mean) / norm.std);
    const clip = this.settings.clip;
    this.remember(clip > 0 ? Math.min(m, norm.mean + clip * norm.std) : m);
    return { likelihood: 1 - tail, tail };
  }

  /** What is normal now: the history's mean and σ once it has enough, else the prior's. */
  private normal(): { mean: number; std: number } | null {
    let mean: number;
    let std: number;
    if (this.meansCount >= this.settings.minSamples) {
      const n = this.meansCount;
      mean = this.meansSum / n;
      std = Math.sqrt(Math.max(0, (this.meansSq - n * mean * mean) / Math.max(1, n - 1)));
    } else if (this.prior) {
      ({ mean, std } = this.prior);
    } else return null;
    return { mean, std: Math.max(std, this.settings.minStd * Math.abs(mean), 1e-12) };
  }

  private remember(m: number): void {
    const h = this.means.length;
    const slot = this.meansCount < h ? this.meansCount : this.evicted++ % h;
    if (this.meansCount >= h) {
      const old = this.means[slot]!;
      this.meansSum -= old;
      this.meansSq -= old * old;
    } else this.meansCount++;
    this.means[slot] = m;
    this.meansSum += m;
    this.meansSq += m * m;
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
