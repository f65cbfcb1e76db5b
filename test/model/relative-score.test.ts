// The `relative` score: each metric's error over its training error, a power mean of order ½.
// It must equal the MSE up to one factor for a single metric (a univariate watch is flagged as
// before), and let a quiet metric that goes wrong outrank a noisy one that is only as noisy as
// ever — which is what `--explain` then names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainRows } from '../../src/model/explain.js';
import {
  BASELINE_FLOOR,
  BASELINE_MIN,
  fitRelativeScale,
  metricErrors,
  relativeScores,
} from '../../src/model/relative-score.js';

const none = { kind: 'none' as const, offset: [], scale: [] };

test('positions are grouped by metric (j mod C) and averaged over the metric’s positions', () => {
  // 2 samples × 3 rows × 2 metrics; the reconstruction is zero, so errors are x².
  const x = Float32Array.from([1, 2, 1, 2, 1, 2, 0, 3, 0, 0, 0, 0]);
  const e = metricErrors(x, new Float32Array(12), 6, 2);
  assert.deepEqual(Array.from(e), [1, 4, 0, 3]);
});

test("relative-mae: each metric's error is the square of its mean absolute error", () => {
  // The samples above: metric 0 errs by 1 in every row and metric 1 by 2; then metric 1 alone,
  // by 3 in one row of three.
  const x = Float32Array.from([1, 2, 1, 2, 1, 2, 0, 3, 0, 0, 0, 0]);
  const e = metricErrors(x, new Float32Array(12), 6, 2, true);
  assert.deepEqual(Array.from(e), [1, 4, 0, 1]); // (3/3)² and (3/3)² in the second sample
});

test('relative-mae weighs one far-off position less than an error spread over the window', () => {
  // 8 positions of one metric: one off by 4, or all off by 1. The MSE calls the first twice
  // the second; the squared MAE calls it a quarter of it.
  const spike = Float32Array.from([4, 0, 0, 0, 0, 0, 0, 0]);
  const spread = Float32Array.from([1, 1, 1, 1, 1, 1, 1, 1]);
  const zero = new Float32Array(8);
  const mse = (x: Float32Array) => metricErrors(x, zero, 8, 1)[0]!;
  const mae = (x: Float32Array) => metricErrors(x, zero, 8, 1, true)[0]!;
  assert.equal(mse(spike) / mse(spread), 2);
  assert.equal(mae(spike) / mae(spread), 0.25);
});

test('one metric: the score is the MSE over the training MSE, so it ranks and scales as the MSE', () => {
  const train = Float64Array.from([0.5, 1.5, 1, 1]); // mean 1
  const scale = fitRelativeScale(train, 1);
  assert.deepEqual(scale.baseline, [1]);
  const scores = relativeScores(Float64Array.from([0.25, 4, 9]), scale);
  assert.deepEqual(Array.from(scores), [0.25, 4, 9]);
});

test('a quiet metric that goes wrong outranks a noisy one at its usual noise', () => {
  // Training: metric 0 always reconstructed with error ~10, metric 1 with ~0.01.
  const train = Float64Array.from([10, 0.01, 9, 0.012, 11, 0.008]);
  const scale = fitRelativeScale(train, 2);
  const usualNoise = Float64Array.from([12, 0.01]); // MSE 6.005
  const quietBreaks = Float64Array.from([10, 1]); // MSE 5.5: lower, yet 100× its training error
  const noisy = relativeScores(usualNoise, scale)[0]!;
  const broken = relativeScores(quietBreaks, scale)[0]!;
  assert.ok(broken > 4 * noisy, `relative ${broken} vs ${noisy}`);
  assert.ok(noisy > 0.9 && noisy < 1.5, `a sample like training scores ~1, got ${noisy}`);
});

test('a metric constant in training is judged at most 1/BASELINE_FLOOR times more strictly than the average', () => {
  const scale = fitRelativeScale(Float64Array.from([1, 0, 1, 0]), 2);
  assert.equal(scale.baseline[1], BASELINE_FLOOR * 0.5);
  assert.ok(Number.isFinite(relativeScores(Float64Array.from([1, 1]), scale)[0]!));
});

test('a series constant in training (every error 0): baselines of BASELINE_MIN, scores that are numbers', () => {
  const scale = fitRelativeScale(new Float64Array(6), 2);
  assert.deepEqual(scale.baseline, [BASELINE_MIN, BASELINE_MIN]);
  assert.equal(Math.fround(BASELINE_MIN) > 0, true, 'float32 (tfjs, ONNX) holds it');
  assert.deepEqual(Array.from(relativeScores(Float64Array.from([0, 0, 1e-6, 1e-6]), scale)), [0, 1]);
});

test('--explain with the relative score names the metric furthest above its training error, at its worst row', () => {
  // Windows of 3 rows × 2 metrics; metric 0 is noisy in training, metric 1 quiet.
  const scale = fitRelativeScale(Float64Array.from([4, 0.01]), 2);
  const x = Float32Array.from([2, 0, 2, 0.3, 2, 0]); // errors: metric 0 = 4 (as usual), metric 1 = 0.03 (3×)
  const recon = () => new Float32Array(6);
  const named = (relative?: typeof scale) =>
    explainRows(recon, none, x, 6, [0], 2, (j) => ({ column: (j % 2) + 1, offset: Math.floor(j / 2) }), {
      relative,
    })[0]!;
  const [first, second] = named(scale);
  assert.deepEqual([first!.column, first!.offset], [2, 1]);
  assert.equal(second!.column, 1);
  assert.ok(Math.abs(first!.share + second!.share - 1) < 1e-6);
  // The squared error alone blames the noisy metric's positions first.
  assert.equal(named()[0]!.column, 1);
});
