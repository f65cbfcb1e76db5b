// `--center`: windows read without their level (model/level.ts). What must hold: the parts
// centred are the ones asked for and nothing else; a level-free scorer's error is that of the
// centred sample and its reconstruction is back in the input's units; both trainers learn from
// centred windows (a series whose level wanders is easy once the level is out); and a model
// that centres every window scores a window the same wherever the level has gone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createNormal, createRng } from '../../src/data/rng.js';
import { gatherWindows, windowStarts, type WindowView } from '../../src/data/window-view.js';
import { buildAutoencoder, mirrorLayers, type Architecture } from '../../src/model/autoencoder.js';
import { loadBackend } from '../../src/model/backend.js';
import { fitAutoencoder, scoreRaw } from '../../src/model/fit.js';
import { centreInPlace, centringOf, levelFree } from '../../src/model/level.js';
import { trainAutoencoder, trainEagerly } from '../../src/model/trainer.js';

test('centringOf: the longest window only, or every window; rows are never centred', () => {
  assert.deepEqual(centringOf([12, 6], 3, 'longest'), { metrics: 3, parts: [{ offset: 0, size: 12 }] });
  assert.deepEqual(centringOf([12, 6], 3, 'all'), {
    metrics: 3,
    parts: [
      { offset: 0, size: 12 },
      { offset: 36, size: 6 },
    ],
  });
  assert.equal(centringOf([12, 6], 3, 'none'), null);
  assert.equal(centringOf([1], 4, 'all'), null);
});

test('centreInPlace: each metric of a centred part has mean 0; the other part is untouched', () => {
  // Two samples of windows [3 rows, 2 rows] × 2 metrics, row-major: width (3 + 2) × 2 = 10.
  const x = Float32Array.from([1, 10, 2, 20, 6, 60, 5, 7, 9, 11, -3, 0, 0, 0, 3, 30, 1, 2, 3, 4]);
  const c = centringOf([3, 2], 2, 'longest')!;
  const out = centreInPlace(x.slice(), 10, c);
  assert.deepEqual(Array.from(out.subarray(0, 6)), [-2, -20, -1, -10, 3, 30]);
  assert.deepEqual(Array.from(out.subarray(6, 10)), [5, 7, 9, 11]);
  assert.deepEqual(Array.from(out.subarray(10, 16)), [-3, -10, 0, -10, 3, 20]);
  assert.deepEqual(Array.from(out.subarray(16, 20)), [1, 2, 3, 4]);
});

test('levelFree: the error is the centred sample’s, the reconstruction is in the input’s units', () => {
  const c = centringOf([4], 1, 'all')!;
  const seen: number[][] = [];
  // A "network" that reconstructs half of what it is given.
  const inner = {
    score: (x: Float32Array) => (seen.push(Array.from(x)), Float32Array.of(0)),
    reconstruct: (x: Float32Array) => x.map((v) => v / 2),
  };
  const scorer = levelFree(inner, c, 4);
  const x = Float32Array.of(11, 12, 13, 14);
  scorer.score(x);
  assert.deepEqual(seen[0], [-1.5, -0.5, 0.5, 1.5]);
  assert.deepEqual(Array.from(x), [11, 12, 13, 14], 'the caller’s samples are not changed');
  // AE(c) + level: c / 2 + 12.5.
  assert.deepEqual(Array.from(scorer.reconstruct(x)), [11.75, 12.25, 12.75, 13.25]);
});

// A cycle of 12 rows on a level that wanders far (a random walk of 0.3 a row over 3,000 rows:
// tens of the cycle's amplitude): its windows are one shape at ever new levels.
function wanderingSeries(rows: number, seed: number): Float32Array {
  const normal = createNormal(createRng(seed));
  const out = new Float32Array(rows);
  let level = 0;
  for (let i = 0; i < rows; i++) {
    level += 0.3 * normal();
    out[i] = Math.sin((2 * Math.PI * i) / 12) + level;
  }
  return out;
}

const size = 24;
const arch: Architecture = {
  layers: mirrorLayers(size, [12, 6]),
  activation: 'relu',
  outputActivation: 'linear',
  loss: 'meanSquaredError',
};
const opts = { epochs: 15, batchSize: 32, validationSplit: 0.25, learningRate: 0.005, seed: 3, loss: arch.loss };

for (const [name, train] of [
  ['graph', trainAutoencoder],
  ['step-by-step', trainEagerly],
] as const) {
  test(`${name} trainer: centred windows of a wandering series are learned, plain ones are not`, async () => {
    await loadBackend('tensorflow');
    const series = wanderingSeries(3000, 7);
    const view: WindowView = { series, metrics: 1, starts: windowStarts(series.length, size, 1), sizes: [size] };
    const before = tf.memory().numTensors;
    const losses: number[] = [];
    for (const centre of [centringOf([size], 1, 'all')!, null]) {
      const model = buildAutoencoder(arch, 1);
      const r = await train(model, centre ? { ...view, centre } : view, size, opts);
      losses.push(r.loss.at(-1)!);
      model.dispose();
    }
    const [centred, plain] = losses as [number, number];
    // The same windows, the same seed: a trainer that ignored the centring would end where the
    // plain one does. Centred, they are one sine at 12 phases (measured: 0.057 against 0.31);
    // plain, each also carries a level of tens of units that 6 units of code must hold too.
    assert.ok(centred < plain / 3, `centred loss ${centred} should be far below plain ${plain}`);
    assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
  });
}

test('a model that centres every window scores it alike at any level; one that does not, not', async () => {
  await loadBackend('tensorflow');
  const series = wanderingSeries(2000, 8);
  const view: WindowView = { series, metrics: 1, starts: windowStarts(series.length, size, 1), sizes: [size] };
  const windows = gatherWindows(view, 0, 200);
  const shifted = windows.map((v) => v + 40);
  const ratios: number[] = [];
  for (const center of ['all', 'none'] as const) {
    const centre = centringOf([size], 1, center);
    const fit = await fitAutoencoder(view, size, {
      ...opts,
      architecture: arch,
      scaler: 'standard',
      scalerPeriod: 1,
      ...(centre ? { centre } : {}),
    });
    const at = scoreRaw(fit.model, fit.scaler, windows, size, 'mse', undefined, centre);
    const moved = scoreRaw(fit.model, fit.scaler, shifted, size, 'mse', undefined, centre);
    ratios.push(moved.reduce((a, b) => a + b, 0) / at.reduce((a, b) => a + b, 0));
    fit.model.dispose();
  }
  const [centred, plain] = ratios as [number, number];
  assert.ok(Math.abs(centred - 1) < 1e-3, `centred: scores moved by a factor ${centred}`);
  assert.ok(plain > 2, `plain: a level 40 away should score far worse (factor ${plain})`);
});
