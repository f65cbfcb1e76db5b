// The range rule: a new extreme beyond the margin is flagged; values inside it are not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RangeRule } from '../../src/detect/range-rule.js';

test('windows: only the newest value is judged, against every value before it', () => {
  const rule = new RangeRule(0.05);
  const series = [0, 10, 5, 10.4, 10.6, 3, -0.6, -0.4];
  const w = 3;
  const flags: boolean[] = [];
  for (let t = w - 1; t < series.length; t++)
    flags.push(rule.next(Float32Array.from(series.slice(t - w + 1, t + 1)), true));
  // t=2: 5 inside [0,10]; 10.4 inside 10 + 0.5; 10.6 beyond 10.4 + 0.52? no (10.92); 3 inside; -0.6 beyond 0 − 0.53; -0.4 inside
  assert.deepEqual(flags, [false, false, false, false, true, false]);
});

test('rows: any column beyond its own range; a constant column so far judges nothing', () => {
  const rule = new RangeRule(0.1);
  const rows = [
    [1, 5],
    [2, 5],
    [1.5, 5],
    [2.05, 5],
    [2.2, 5],
    [1.5, 9],
  ];
  const flags = rows.map((r) => rule.next(Float32Array.from(r), false));
  assert.deepEqual(flags, [false, false, false, false, true, false]);
});

test('windows of several metrics: every metric of the newest row is judged', () => {
  const rule = new RangeRule(0.05);
  // Windows of 2 rows × 2 metrics, row-major: [a₀, b₀, a₁, b₁].
  const rows = [
    [0, 100],
    [10, 200],
    [5, 150],
    [5, 260], // b beyond 200 + 5
    [11, 150], // a beyond 10 + 0.5
  ];
  const flags: boolean[] = [];
  for (let t = 1; t < rows.length; t++)
    flags.push(rule.next(Float32Array.from([...rows[t - 1]!, ...rows[t]!]), true, 2));
  assert.deepEqual(flags, [false, false, true, true]);
});

test('one glitch far beyond the range is flagged and forgotten; a lasting level is taken in', () => {
  const rule = new RangeRule(0.05);
  const judge = (v: number) => rule.next(Float32Array.from([v]), false);
  for (const v of [0, 10, 5, 3]) judge(v);
  assert.equal(judge(1.8446744073709552e19), true, 'the uint64 maximum');
  assert.equal(judge(5), false);
  assert.equal(judge(20), true, 'a later real extreme is still beyond the range');
  assert.equal(judge(19), false, 'and, near, widened it at once');
  assert.equal(judge(1e6), true);
  assert.equal(judge(1e6), true, 'twice far out: taken in');
  assert.equal(judge(1e6), false, 'from then on the new level is inside');
});
