// Time columns: found from the first rows, never a feature by default.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findTimeColumn, timeOf } from '../../src/data/time-columns.js';
import { fitScaler } from '../../src/data/scalers.js';
import { nextScore, roundScore } from '../../src/detect/precision.js';
import { describeScores } from '../../src/detect/stats.js';
import { thresholdsFromRule } from '../../src/detect/thresholds.js';

const rows = (n: number, cell: (i: number) => string[]) => Array.from({ length: n }, (_, i) => cell(i));

test('epoch seconds, epoch milliseconds, ISO times and counters are time columns', () => {
  const epoch = rows(10, (i) => [String(1767225600 + 300 * i), (Math.sin(i) * 10).toFixed(2)]);
  assert.deepEqual(findTimeColumn(epoch, 2), { field: 0, kind: 'epoch seconds', step: 300 });
  const ms = rows(10, (i) => ['4.5', String(1767225600000 + 60000 * i)]);
  assert.equal(findTimeColumn(ms, 2)?.kind, 'epoch milliseconds');
  assert.equal(findTimeColumn(ms, 2)?.field, 1);
  const iso = rows(10, (i) => [new Date(Date.UTC(2026, 0, 1, 0, 5 * i)).toISOString(), '1']);
  assert.equal(findTimeColumn(iso, 2)?.kind, 'dates');
  const nab = rows(10, (i) => [`2014-04-10 00:${String(i * 5).padStart(2, '0')}:00`, '1']);
  assert.equal(findTimeColumn(nab, 2)?.kind, 'dates');
  assert.equal(
    findTimeColumn(
      rows(10, (i) => [String(i), '7']),
      2,
    )?.kind,
    'a counter',
  );
});

test('values that only look alike are not time: irregular steps, falling, decimals, too few rows', () => {
  const irregular = rows(10, (i) => [String(1767225600 + 300 * i + (i === 5 ? 200 : 0)), '1']);
  assert.equal(findTimeColumn(irregular, 2), null);
  assert.equal(
    findTimeColumn(
      rows(10, (i) => [String(100 - i), '1']),
      2,
    ),
    null,
  );
  assert.equal(
    findTimeColumn(
      rows(10, (i) => [(i * 1.5).toFixed(1), '1']),
      2,
    ),
    null,
  );
  assert.equal(
    findTimeColumn(
      rows(4, (i) => [String(i), '1']),
      2,
    ),
    null,
    'four rows decide nothing',
  );
  assert.equal(
    findTimeColumn(
      rows(10, () => ['5', '5']),
      2,
    ),
    null,
    'a constant is no clock',
  );
});

test('timeOf reads the texts a time column holds', () => {
  assert.equal(timeOf('1767225600'), Date.UTC(2026, 0, 1));
  assert.equal(timeOf('1767225600000'), Date.UTC(2026, 0, 1));
  assert.equal(timeOf('2026-01-01T00:00:00Z'), Date.UTC(2026, 0, 1));
  assert.equal(timeOf('1950-01'), Date.UTC(1950, 0, 1), 'a month');
  assert.equal(timeOf('1950-13'), null);
  assert.equal(timeOf('s17'), null);
  assert.equal(timeOf('42'), null);
});

test('windows scaled per metric share one scaler per column at every position', () => {
  // Two windows of 3 rows × 2 metrics: metric 0 holds 1..6, metric 1 holds 10·(1..6).
  const v = Float32Array.from([1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 6, 60]);
  const s = fitScaler('standard', v, 6, 2);
  assert.deepEqual(s.offset, [3.5, 35, 3.5, 35, 3.5, 35]);
  const perPosition = fitScaler('standard', v, 6);
  assert.deepEqual(perPosition.offset, [2.5, 25, 3.5, 35, 4.5, 45]);
});

test('one precision: scores, quantiles and thresholds are 6-digit numbers; a tie is passed', () => {
  assert.equal(roundScore(0.1234567891), 0.123457);
  assert.equal(nextScore(0.203645), 0.203646);
  assert.equal(nextScore(1), 1.00001);
  assert.equal(nextScore(1, -1), 0.999999);
  const scores = Float32Array.from({ length: 200 }, (_, i) => 0.1 + i * 1.234567e-4);
  const d = describeScores(scores);
  for (const q of d.quantiles) assert.equal(q, roundScore(q));
  const t = thresholdsFromRule(d, { kind: 'percentile', p: 99.9, tail: 'both' });
  assert.equal(t.high!.value, roundScore(t.high!.value));
  assert.equal(t.low!.rule, 'percentile 0.1', 'the rule as given, not 0.09999999999999432');
  // A constant series: every training score alike. The threshold moves past the tie.
  const flat = describeScores(new Float32Array(500).fill(0.25));
  const ft = thresholdsFromRule(flat, { kind: 'percentile', p: 99, tail: 'high' });
  assert.equal(ft.high!.value, 0.250001);
  assert.ok(!(0.25 >= ft.high!.value), 'the identical rows stay normal');
  const top = thresholdsFromRule(flat, { kind: 'percentile', p: 100, tail: 'high' });
  assert.equal(top.high!.value, 0.250001, '--percentile 100 too');
});
