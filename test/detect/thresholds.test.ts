import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeScores, percentileSorted } from '../../src/detect/stats.js';
import { classify, thresholdsFromRule } from '../../src/detect/thresholds.js';

const scores = Array.from({ length: 101 }, (_, i) => i); // 0..100
const dist = describeScores(scores);

test('distribution summary and percentiles (numpy linear interpolation)', () => {
  assert.equal(dist.median, 50);
  assert.equal(dist.mad, 25);
  assert.equal(dist.min, 0);
  assert.equal(dist.max, 100);
  assert.equal(percentileSorted([1, 2, 3, 4], 50), 2.5);
  assert.equal(percentileSorted([1, 2, 3, 4], 90), 3.7);
});

test('percentile rule, each tail', () => {
  assert.deepEqual(thresholdsFromRule(dist, { kind: 'percentile', p: 99, tail: 'high' }), { high: { value: 99, rule: 'percentile 99' } });
  const both = thresholdsFromRule(dist, { kind: 'percentile', p: 95, tail: 'both' });
  assert.ok(Math.abs(both.high!.value - 95) < 1e-9 && Math.abs(both.low!.value - 5) < 1e-9);
  assert.equal(thresholdsFromRule(dist, { kind: 'percentile', p: 90, tail: 'low' }).high, undefined);
});

test('contamination rule splits the share between tails', () => {
  const high = thresholdsFromRule(dist, { kind: 'contamination', fraction: 0.1, tail: 'high' });
  assert.ok(Math.abs(high.high!.value - 90) < 1e-9);
  const both = thresholdsFromRule(dist, { kind: 'contamination', fraction: 0.1, tail: 'both' });
  assert.ok(Math.abs(both.high!.value - 95) < 1e-9 && Math.abs(both.low!.value - 5) < 1e-9);
  assert.throws(() => thresholdsFromRule(dist, { kind: 'contamination', fraction: 0.6, tail: 'high' }), /\(0, 0\.5\]/);
});

test('sigma rule is robust: median ± k·1.4826·MAD', () => {
  const t = thresholdsFromRule(dist, { kind: 'sigma', k: 2, tail: 'both' });
  assert.ok(Math.abs(t.high!.value - (50 + 2 * 1.4826 * 25)) < 1e-9);
  assert.ok(Math.abs(t.low!.value - (50 - 2 * 1.4826 * 25)) < 1e-9);
  // One huge outlier barely moves it.
  const withOutlier = describeScores([...scores, 1e9]);
  const t2 = thresholdsFromRule(withOutlier, { kind: 'sigma', k: 2, tail: 'high' });
  assert.ok(t2.high!.value < 130);
});

test('classify: high is ≥ its threshold, low is ≤ its threshold', () => {
  const t = { high: { value: 10, rule: 'x' }, low: { value: 0.1, rule: 'x' } };
  assert.equal(classify(10, t), 'high');
  assert.equal(classify(9.99, t), null);
  assert.equal(classify(0.1, t), 'low');
  assert.equal(classify(0.5, {}), null);
});
