// The `relative` scores (decisions #72, #77): each metric's reconstruction error in units of its
// own error in training, combined over metrics. With the plain MSE a metric the network always
// reconstructs badly (a noisy one) speaks loudest in every sample and is blamed for every
// incident; here a metric speaks when it is worse than it used to be.
//   e_c   = metric c's error over the sample's positions: its MSE (`relative`), or the square of
//           its mean absolute error (`relative-mae`, which one far-off position moves less)
//   r_c   = e_c / its mean over the training samples
//   score = (mean over metrics of √r_c)²      — a power mean of order ½ of the ratios
// One metric: score = e / its training mean, so a univariate series is flagged as with `mse`
// (or the MAE): the likelihood and the thresholds are scale-free. Several: the order ½ lies
// between the arithmetic mean (one metric's burst dominates) and the geometric one (one metric
// alone barely moves it); measured on ASD and SMD in decisions #72.

/** What the score needs besides the reconstruction, stored in the bundle (`meta.relative`). */
export interface RelativeScale {
  /** Metrics per sample: input position j belongs to metric j mod `metrics`. */
  metrics: number;
  /** Each metric's mean squared error over the training samples (floored, see below). */
  baseline: number[];
}

/**
 * A metric constant in training is reconstructed almost exactly: its baseline would be ~0 and
 * any change in it an enormous ratio. No metric is judged more than this much more strictly
 * than the metrics' average.
 */
export const BASELINE_FLOOR = 1e-3;

/**
 * Nor on an error below a thousandth of its training spread (RMS, in scaled units): a series
 * constant throughout training has a mean error of 0 (or 1e-40, which float32 holds as 0), and
 * 0 / 0 is no score. For one metric this only rescales the MSE by another constant.
 */
export const BASELINE_MIN = 1e-6;

/**
 * Per sample and metric (rows × metrics): e_c over the metric's positions — the mean squared
 * error, or with `absolute` the square of the mean absolute error (in the same units).
 */
export function metricErrors(
  x: ArrayLike<number>,
  recon: ArrayLike<number>,
  width: number,
  metrics: number,
  absolute = false,
): Float64Array {
  const rows = Math.round(x.length / width);
  const perMetric = width / metrics;
  const out = new Float64Array(rows * metrics);
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    const e = r * metrics;
    for (let j = 0; j < width; j++) {
      const d = x[o + j]! - recon[o + j]!;
      out[e + (j % metrics)]! += absolute ? Math.abs(d) : d * d;
    }
    for (let c = 0; c < metrics; c++) out[e + c] = absolute ? (out[e + c]! / perMetric) ** 2 : out[e + c]! / perMetric;
  }
  return out;
}

/** The scale learned from the training samples' per-metric errors (rows × metrics). */
export function fitRelativeScale(errors: Float64Array, metrics: number): RelativeScale {
  const rows = errors.length / metrics;
  const mean = new Float64Array(metrics);
  for (let i = 0; i < errors.length; i++) mean[i % metrics]! += errors[i]! / rows;
  return scaleOfMeans(mean);
}

/** The scale from each metric's mean error over the training samples, floored. */
export function scaleOfMeans(mean: Float64Array): RelativeScale {
  const metrics = mean.length;
  const average = mean.reduce((a, b) => a + b, 0) / metrics;
  const floor = Math.max(BASELINE_FLOOR * average, BASELINE_MIN);
  return { metrics, baseline: Array.from(mean, (m) => Math.max(m, floor)) };
}

/** √r_c of one sample's metric c: its term in the score. */
export function metricTerm(errors: Float64Array, row: number, c: number, scale: RelativeScale): number {
  return Math.sqrt(errors[row * scale.metrics + c]! / scale.baseline[c]!);
}

/** One score per sample from its per-metric errors. */
export function relativeScores(errors: Float64Array, scale: RelativeScale): Float32Array {
  const m = scale.metrics;
  const out = new Float32Array(errors.length / m);
  for (let r = 0; r < out.length; r++) {
    let sum = 0;
    for (let c = 0; c < m; c++) sum += metricTerm(errors, r, c, scale);
    out[r] = (sum / m) ** 2;
  }
  return out;
}
