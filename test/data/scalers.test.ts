import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyScaler, fitScaler } from '../../src/data/scalers.js';

const m = Float32Array.from([1, 10, 5, 3, 10, 5, 5, 10, 5]); // 3 rows × 3 columns; columns 2 and 3 constant

test('standard: population mean/sd per column; constant columns map to 0, never NaN', () => {
  const s = fitScaler('standard', m, 3);
  assert.deepEqual(s.offset, [3, 10, 5]);
  assert.ok(Math.abs(s.scale[0]! - Math.sqrt(8 / 3)) < 1e-9);
  assert.deepEqual(s.scale.slice(1), [1, 1]);
  const x = applyScaler(s, m.slice());
  assert.ok(x.every((v) => Number.isFinite(v)));
  assert.ok(Math.abs(x[0]! + x[3]! + x[6]!) < 1e-6);
  assert.deepEqual([x[1], x[2]], [0, 0]);
});

test('minmax maps each column to [0, 1]; none is the identity', () => {
  const s = fitScaler('minmax', m, 3);
  const x = applyScaler(s, m.slice());
  assert.deepEqual([x[0], x[3], x[6]], [0, 0.5, 1]);
  const n = fitScaler('none', m, 3);
  assert.deepEqual(applyScaler(n, m.slice()), m);
});

test("robust: median and interquartile range per column (numpy's quantiles); an outlier moves neither", () => {
  // Column 1: 1, 2, 3, 4, 100 → median 3, quartiles 2 and 4 (IQR 2) whatever the 100 is.
  const x = Float32Array.from([1, 7, 2, 7, 3, 7, 4, 7, 100, 7]); // 5 rows × 2 columns; column 2 constant
  const s = fitScaler('robust', x, 2);
  assert.deepEqual(s.offset, [3, 7]);
  assert.deepEqual(s.scale, [2, 1]);
  const moved = fitScaler('robust', Float32Array.from([1, 7, 2, 7, 3, 7, 4, 7, 1e6, 7]), 2);
  assert.deepEqual(moved.offset, s.offset);
  assert.deepEqual(moved.scale, s.scale);
  assert.deepEqual(Array.from(applyScaler(s, x.slice()).filter((_, i) => i % 2 === 0)), [-1, -0.5, 0, 0.5, 48.5]);
  // Against numpy.quantile on an even count: 1..6 → median 3.5, quartiles 2.25 and 4.75.
  const even = fitScaler('robust', Float32Array.from([6, 1, 5, 2, 4, 3]), 1);
  assert.deepEqual([even.offset[0], even.scale[0]], [3.5, 2.5]);
});

test('clip: scaled values beyond ±clip of their column are cut to it, NaN left for the reader to report', () => {
  const s = { kind: 'standard' as const, offset: [0, 0], scale: [1, 2], clip: [3, 1] };
  const x = applyScaler(s, Float32Array.from([1e30, -50, -4, 1, NaN, 2.5]));
  assert.deepEqual(Array.from(x.subarray(0, 4)), [3, -1, -3, 0.5]);
  assert.ok(Number.isNaN(x[4]!));
  assert.equal(x[5], 1);
});
