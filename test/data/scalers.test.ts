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
