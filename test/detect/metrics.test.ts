import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confusion, prAuc, rocAuc } from '../../src/detect/metrics.js';

test('ROC AUC: perfect, inverted, and a hand-computed case with a tie', () => {
  assert.equal(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]), 1);
  assert.equal(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]), 0);
  // pos {0.4, 0.8}, neg {0.1, 0.4, 0.6}: pairs won 0.4>0.1, 0.4=0.4 (½), 0.8>all three → 4.5/6
  assert.equal(rocAuc([0.1, 0.4, 0.6, 0.4, 0.8], [0, 0, 0, 1, 1]), 0.75);
  assert.ok(Number.isNaN(rocAuc([1, 2], [0, 0])));
});

test('PR AUC (average precision), hand-computed', () => {
  // descending: 0.9(1) 0.8(0) 0.7(1) 0.1(0): AP = ½·1 + ½·⅔ = 0.8333…
  assert.ok(Math.abs(prAuc([0.9, 0.8, 0.7, 0.1], [1, 0, 1, 0]) - 5 / 6) < 1e-12);
  assert.equal(prAuc([0.9, 0.8, 0.1], [1, 1, 0]), 1);
});

test('confusion counts, precision, recall, F1', () => {
  const c = confusion([true, true, false, false, true], [1, 0, 1, 0, 1]);
  assert.deepEqual({ tp: c.tp, fp: c.fp, tn: c.tn, fn: c.fn }, { tp: 2, fp: 1, tn: 1, fn: 1 });
  assert.equal(c.precision, 2 / 3);
  assert.equal(c.recall, 2 / 3);
  assert.ok(Math.abs(c.f1 - 2 / 3) < 1e-12);
});
