import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateSines } from '../../src/data/generate.js';
import { createNormal, createRng, permutation } from '../../src/data/rng.js';

test("the sines data set has the seed's composition and noise levels", () => {
  const g = generateSines({ normal: 2000, lowNoise: 300, cosines: 300, length: 100, seed: 3 });
  assert.equal(g.rows, 2600);
  assert.equal(g.kinds.filter((k) => k === 'cosine').length, 300);
  const t = (i: number) => (2 * Math.PI * i) / 99;
  const residualSd = (kind: string, f: (x: number) => number) => {
    let ss = 0,
      n = 0;
    g.kinds.forEach((k, r) => {
      if (k !== kind) return;
      for (let i = 0; i < 100; i++) {
        const d = g.values[r * 100 + i]! - f(t(i));
        ss += d * d;
        n++;
      }
    });
    return Math.sqrt(ss / n);
  };
  assert.ok(Math.abs(residualSd('normal', Math.sin) - 0.5) < 0.01);
  assert.ok(Math.abs(residualSd('low-noise', Math.sin) - 0.1) < 0.005);
  assert.ok(Math.abs(residualSd('cosine', (x) => 3 * Math.cos(x)) - 0.5) < 0.01);
  // Shuffled: the anomalies are not all at the end.
  assert.ok(g.kinds.slice(0, 1300).includes('cosine'));
});

test('same seed, same data; another seed, other data', () => {
  const a = generateSines({ normal: 10, lowNoise: 2, cosines: 2, seed: 1 });
  const b = generateSines({ normal: 10, lowNoise: 2, cosines: 2, seed: 1 });
  const c = generateSines({ normal: 10, lowNoise: 2, cosines: 2, seed: 2 });
  assert.deepEqual(a.values, b.values);
  assert.notDeepEqual(a.values, c.values);
});

test('rng: uniform mean, normal moments, permutation is a permutation', () => {
  const r = createRng(42);
  const g = createNormal(createRng(7));
  let s = 0,
    s2 = 0;
  const n = 20000;
  for (let i = 0; i < n; i++) {
    const v = g();
    s += v;
    s2 += v * v;
  }
  assert.ok(Math.abs(s / n) < 0.03);
  assert.ok(Math.abs(s2 / n - 1) < 0.05);
  const p = permutation(1000, r);
  assert.deepEqual(
    Array.from(p).sort((a, b) => a - b),
    Array.from({ length: 1000 }, (_, i) => i),
  );
});
