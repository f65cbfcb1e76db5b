// `--window auto`'s lengths: the period TSB-AD's rule finds in the rows learned from (one metric
// or several, missing cells skipped), bounded so that the windows stay trainable.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUTO_WINDOW, autoWindowLengths, meanAutocorrelation, seriesPeriod } from '../../src/data/period.js';
import { createRng } from '../../src/data/rng.js';

/** `rows` rows of `metrics` columns: column c a cycle of `period` rows (phase c) plus noise. */
function cycles(rows: number, period: number, metrics = 1, noise = 0.2, seed = 1): Float32Array {
  const rand = createRng(seed);
  const out = new Float32Array(rows * metrics);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < metrics; c++)
      out[r * metrics + c] = 10 * c + Math.sin((2 * Math.PI * r) / period + c) + noise * (rand() - 0.5);
  return out;
}

test('the autocorrelation is 1 at lag 0, −1 at half a cycle and near 1 at a whole one', () => {
  const acf = meanAutocorrelation(cycles(2000, 40, 1, 0), 1, 2000, 100);
  assert.equal(acf.length, 101);
  assert.ok(Math.abs(acf[0]! - 1) < 1e-9);
  assert.ok(acf[20]! < -0.95, `half a cycle: ${acf[20]}`);
  assert.ok(acf[40]! > 0.95, `a cycle: ${acf[40]}`);
});

test('the period of one noisy cycle, and of several metrics whose cycles share it', () => {
  assert.equal(seriesPeriod(cycles(3000, 48), 1, 3000), 48);
  assert.equal(seriesPeriod(cycles(3000, 100, 3), 3, 3000), 100);
  // Lags past the rows: at most rows − 1 are looked at.
  assert.equal(seriesPeriod(cycles(150, 48), 1, 150), 48);
});

test('no period: a constant series, a straight line, or a peak past lag 303 give null', () => {
  assert.equal(seriesPeriod(new Float32Array(500).fill(3), 1, 500), null);
  assert.equal(
    seriesPeriod(
      Float32Array.from({ length: 500 }, (_, i) => i),
      1,
      500,
    ),
    null,
  );
  assert.equal(seriesPeriod(cycles(4000, 350), 1, 4000), null);
});

test('missing cells (NaN) are skipped, not spread into every lag', () => {
  const x = cycles(3000, 60);
  for (let r = 0; r < 3000; r += 7) x[r] = NaN;
  assert.equal(seriesPeriod(x, 1, 3000), 60);
  const acf = meanAutocorrelation(x, 1, 3000, 80);
  assert.ok(acf.every(Number.isFinite));
});

test('only the rows learned from are read: a later change of cycle does not move the period', () => {
  const x = new Float32Array(4000);
  x.set(cycles(2000, 30), 0);
  x.set(cycles(2000, 90), 2000);
  assert.equal(autoWindowLengths(x, 1, 2000).period, 30);
  assert.equal(autoWindowLengths(x, 1, 4000).period !== 30, true);
});

test('the lengths: the period and its half, within 16–256 rows and half the rows learned from', () => {
  assert.deepEqual(autoWindowLengths(cycles(3000, 48), 1, 3000), { sizes: [48, 24], period: 48 });
  // A short period is widened to 16 (its half to 8), a long one capped at 256.
  assert.deepEqual(autoWindowLengths(cycles(3000, 10, 1, 0), 1, 3000).sizes, [AUTO_WINDOW.min, AUTO_WINDOW.halfMin]);
  const long = autoWindowLengths(cycles(4000, 290, 1, 0), 1, 4000);
  assert.deepEqual(long.sizes, [256, 128]);
  assert.ok(Math.abs(long.period! - 290) <= 2, `the period: ${long.period}`);
  // No period: the fallback of 125 rows; two windows must fit in the rows learned from.
  assert.deepEqual(autoWindowLengths(new Float32Array(1000).fill(1), 1, 1000), { sizes: [125, 62], period: null });
  assert.deepEqual(autoWindowLengths(new Float32Array(100).fill(1), 1, 100).sizes, [50, 25]);
});
