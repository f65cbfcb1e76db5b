// Members stacked block-diagonally must reconstruct exactly what each reconstructs of its part,
// and a fit of several window lengths must weigh each length's part alike.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../src/data/rng.js';
import { widenWindows } from '../../src/data/window-lengths.js';
import { buildAutoencoder, defaultEncoder, mirrorLayers, type Architecture } from '../../src/model/autoencoder.js';
import { loadBackend } from '../../src/model/backend.js';
import { denseWeightsOf, fitAutoencoder } from '../../src/model/fit.js';
import { memberSeed, stackedLayers, stackMembers } from '../../src/model/members.js';
import { plainReconstruct, plainStack } from '../../src/model/plain-forward.js';
import { reconstruct } from '../../src/model/score.js';

const arch = (w: number): Architecture => ({
  layers: mirrorLayers(w, defaultEncoder(w)),
  activation: 'relu',
  outputActivation: 'linear',
  loss: 'meanSquaredError',
});

test('two members side by side reconstruct each its own part, nothing of the other', async () => {
  await loadBackend('tensorflow');
  const a = buildAutoencoder(arch(16), memberSeed(4, 0));
  const b = buildAutoencoder(arch(8), memberSeed(4, 1));
  const rand = createRng(9);
  const rows = 30;
  const xa = Float32Array.from({ length: rows * 16 }, () => rand() * 2 - 1);
  const xb = Float32Array.from({ length: rows * 8 }, () => rand() * 2 - 1);
  const both = new Float32Array(rows * 24);
  for (let r = 0; r < rows; r++) {
    both.set(xa.subarray(r * 16, (r + 1) * 16), r * 24);
    both.set(xb.subarray(r * 8, (r + 1) * 8), r * 24 + 16);
  }
  const stacked = stackMembers([denseWeightsOf(a), denseWeightsOf(b)]);
  assert.deepEqual(stackedLayers([arch(16).layers, arch(8).layers]), [24, 12, 6, 12, 24]);
  assert.deepEqual(
    stacked.map((l) => l.kernelShape),
    [
      [24, 12],
      [12, 6],
      [6, 12],
      [12, 24],
    ],
  );
  const got = plainReconstruct(plainStack(stacked, ['relu', 'relu', 'relu', 'linear']), both, rows);
  const ra = reconstruct(a, xa, 16);
  const rb = reconstruct(b, xb, 8);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < 16; j++) assert.ok(Math.abs(got[r * 24 + j]! - ra[r * 16 + j]!) < 1e-5);
    for (let j = 0; j < 8; j++) assert.ok(Math.abs(got[r * 24 + 16 + j]! - rb[r * 8 + j]!) < 1e-5);
  }
  a.dispose();
  b.dispose();
});

test('widened windows: the longest first, then the newest rows of each shorter one', () => {
  // Two windows of 4 rows × 2 metrics, widened with their newest 2 rows.
  const w = Float32Array.from([1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 6, 60, 7, 70, 8, 80]);
  assert.deepEqual(Array.from(widenWindows(w, 2, [4, 2], 2)), [
    ...[1, 10, 2, 20, 3, 30, 4, 40, 3, 30, 4, 40],
    ...[5, 50, 6, 60, 7, 70, 8, 80, 7, 70, 8, 80],
  ]);
});

test('fitting windows of 16 and 8: one member each, parts weighed alike through the scaler', async () => {
  await loadBackend('tensorflow');
  const rand = createRng(2);
  const series = Float32Array.from({ length: 400 }, (_, i) => Math.sin(i / 5) + 0.1 * rand());
  const windows = new Float32Array(385 * 16);
  for (let i = 0; i < 385; i++) windows.set(series.subarray(i, i + 16), i * 16);
  const x = widenWindows(windows, 385, [16, 8], 1);
  const fit = await fitAutoencoder(x, 24, {
    architecture: { ...arch(24), parts: [16, 8] },
    scaler: 'standard',
    epochs: 2,
    batchSize: 32,
    validationSplit: 0.25,
    learningRate: 0.01,
    seed: 1,
  });
  assert.deepEqual(fit.architecture.parts, [16, 8]);
  assert.deepEqual(fit.architecture.layers, [24, 12, 6, 12, 24]);
  assert.deepEqual(
    fit.training.members?.map((m) => m.inputs),
    [16, 8],
  );
  assert.equal(fit.training.members?.[0]?.seed, 1);
  // The same rows in both parts (the newest 8 of each window) scaled by f = √(24 / (2·w)).
  const s = fit.scaler.scale;
  const ratio = s[15]! / s[23]!;
  assert.ok(Math.abs(ratio - Math.sqrt(24 / 16) / Math.sqrt(24 / 32)) < 1e-6, `ratio ${ratio}`);
  fit.model.dispose();
});
