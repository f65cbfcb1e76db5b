import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluate, twoTailedScores } from '../../src/detect/evaluate.js';

test('metrics against hand-computed values', () => {
  // scores 0.9 0.8 0.7 0.6 0.5 0.4; anomalies at 0.9, 0.7 and 0.4; flagged: the top two.
  const scores = [0.5, 0.9, 0.4, 0.7, 0.8, 0.6];
  const labels = [0, 1, 1, 1, 0, 0];
  const flagged = scores.map((s) => s >= 0.8);
  const m = evaluate(scores, labels, flagged);
  // Pairs (anomaly above normal): 0.9 beats 3, 0.7 beats 2 (0.6, 0.5), 0.4 beats 0 → 5 of 9.
  assert.equal(m.rocAuc, 5 / 9);
  // Average precision: recall steps at ranks 1 (P 1), 3 (P 2/3), 6 (P 1/2) → (1 + 2/3 + 1/2) / 3.
  assert.ok(Math.abs(m.prAuc - (1 + 2 / 3 + 1 / 2) / 3) < 1e-12);
  assert.deepEqual(
    { tp: m.atThresholds.tp, fp: m.atThresholds.fp, fn: m.atThresholds.fn, tn: m.atThresholds.tn },
    { tp: 1, fp: 1, fn: 2, tn: 2 },
  );
  // Best F1: threshold 0.7 → tp 2, flagged 3: P 2/3, R 2/3, F1 2/3 (0.9 alone: F1 0.5; 0.4: 2·0.5·1/1.5 = 2/3, later).
  assert.deepEqual(m.bestF1, { threshold: 0.7, f1: 2 / 3, precision: 2 / 3, recall: 2 / 3 });
  assert.deepEqual(m.precisionAtK, { k: 3, precision: 2 / 3 });
  assert.equal(m.rankedBy, 'score');
});

test('with both tails, ranking is by distance beyond the median towards either threshold', () => {
  const t = twoTailedScores([1, 2, 3, 4, 10], 10, 1);
  assert.deepEqual(Array.from(t), [1, 0.5, 0, 1 / 7, 1]);
  // The low anomaly (score 1) ranks with the high one: a perfect two-tailed ranking.
  const m = evaluate([1, 2, 3, 4, 10], [1, 0, 0, 0, 1], [true, false, false, false, true], { high: 10, low: 1 });
  assert.equal(m.rankedBy, 'two-tailed');
  assert.equal(m.rocAuc, 1);
});
