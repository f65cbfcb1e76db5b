import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeScores, percentileSorted } from '../../src/detect/stats.js';
import { classify, DEFAULT_RULE, resolveThresholds, thresholdsFromRule } from '../../src/detect/thresholds.js';
import { InvalidSettingError } from '../../src/errors.js';

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
  assert.deepEqual(thresholdsFromRule(dist, { kind: 'percentile', p: 99, tail: 'high' }), {
    high: { value: 99, rule: 'percentile 99' },
  });
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

test("resolveThresholds: nothing asked → the bundle's thresholds, else the default (99th percentile, high)", () => {
  const dist = describeScores(Array.from({ length: 101 }, (_, i) => i));
  const stored = { high: { value: 42, rule: 'percentile 99' } };
  assert.deepEqual(resolveThresholds({}, dist, stored), stored);
  assert.deepEqual(resolveThresholds({}, dist), { high: { value: 99, rule: 'percentile 99' } });
  assert.deepEqual(DEFAULT_RULE, { kind: 'percentile', p: 99, tail: 'high' });
});

test('resolveThresholds: explicit values alone define the thresholds; with a rule they replace its side', () => {
  const dist = describeScores(Array.from({ length: 101 }, (_, i) => i));
  const stored = { high: { value: 42, rule: 'percentile 99' } };
  assert.deepEqual(resolveThresholds({ low: 0.1 }, dist, stored), { low: { value: 0.1, rule: 'explicit' } });
  const t = resolveThresholds({ rule: { kind: 'sigma', k: 1, tail: 'both' }, high: 10 }, dist, stored);
  assert.deepEqual(t.high, { value: 10, rule: 'explicit' });
  assert.equal(t.low?.rule, 'sigma 1');
});

test('out-of-range rules name the setting, not a flag', () => {
  const dist = describeScores([1, 2, 3]);
  assert.throws(
    () => thresholdsFromRule(dist, { kind: 'percentile', p: 100.5, tail: 'high' }),
    (err: unknown) => err instanceof InvalidSettingError && err.setting === 'percentile' && !err.message.includes('--'),
  );
});

test('percentile 100 is the largest training score (and 0, mirrored for the low tail, the smallest)', () => {
  const d = describeScores([0.3, 0.1, 0.9, 0.5, 0.7]);
  assert.deepEqual(thresholdsFromRule(d, { kind: 'percentile', p: 100, tail: 'both' }), {
    high: { value: 0.9, rule: 'percentile 100' },
    low: { value: 0.1, rule: 'percentile 0' },
  });
});
