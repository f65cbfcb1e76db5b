import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveThresholds } from '../../src/cli/commands/shared.js';
import { describeScores } from '../../src/detect/stats.js';

const dist = describeScores(Array.from({ length: 101 }, (_, i) => i));
const stored = { high: { value: 42, rule: 'percentile 99' } };

test('no threshold flag: the bundle\'s thresholds, else the default (99th percentile, high)', () => {
  assert.deepEqual(resolveThresholds({}, dist, stored), stored);
  assert.deepEqual(resolveThresholds({}, dist), { high: { value: 99, rule: 'percentile 99' } });
});

test('explicit values alone define the thresholds; with a rule they replace its side', () => {
  assert.deepEqual(resolveThresholds({ below: 0.1 }, dist, stored), { low: { value: 0.1, rule: 'explicit' } });
  const t = resolveThresholds({ sigma: 1, tail: 'both', threshold: 10 }, dist, stored);
  assert.deepEqual(t.high, { value: 10, rule: 'explicit' });
  assert.equal(t.low!.rule, 'sigma 1');
});
