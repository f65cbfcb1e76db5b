// Filling a series' missing cells: straight lines between the values around them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interpolateLinear } from '../../src/data/impute.js';

test('linear: straight lines between neighbours, per column; the last value past the end; none before the first', () => {
  // Two columns, six rows; column 0 misses rows 1, 2 and 5; column 1 misses rows 0 and 4.
  const x = Float32Array.from([0, NaN, NaN, 10, NaN, 20, 3, 30, 5, NaN, NaN, 50]);
  assert.equal(interpolateLinear(x, 2), 4);
  assert.deepEqual(Array.from(x), [0, NaN, 1, 10, 2, 20, 3, 30, 5, 40, 5, 50]);
});
