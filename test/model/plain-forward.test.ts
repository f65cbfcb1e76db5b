// The plain JavaScript pass scores `ae scan --model` by default: it must agree with tfjs on the
// same bundle, for every output activation and score, whatever the number of rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../src/data/rng.js';
import { describeScores } from '../../src/detect/stats.js';
import { buildAutoencoder, mirrorLayers, type Architecture } from '../../src/model/autoencoder.js';
import { loadBackend } from '../../src/model/backend.js';
import { readBundleFiles } from '../../src/model/bundle-files.js';
import { saveBundle, type BundleMeta } from '../../src/model/bundle.js';
import { reconstruct, scoreRows } from '../../src/model/score.js';
import { AdaptiveScorer, plainScorer, plainStackOf, type Scorer } from '../../src/model/scorers.js';
import { tempDir } from '../helpers/files.js';

const width = 23;

async function savedBundle(outputActivation: Architecture['outputActivation'], seed: number) {
  await loadBackend('tensorflow');
  const architecture: Architecture = {
    layers: mirrorLayers(width, [11, 4]),
    activation: 'relu',
    outputActivation,
    loss: 'meanSquaredError',
  };
  const model = buildAutoencoder(architecture, seed);
  const meta: BundleMeta = {
    format: 'ae-bundle',
    version: 1,
    ae: 'test',
    createdAt: '',
    backend: 'tensorflow',
    tfjs: tf.version.tfjs,
    tensorflow: null,
    input: { kind: 'rows', width },
    architecture,
    preprocessing: { scaler: { kind: 'none', offset: [], scale: [] } },
    training: { seed, epochs: 0, interrupted: false },
    scores: describeScores([1, 2, 3]),
    thresholds: {},
  };
  const dir = tempDir();
  await saveBundle(dir, model, meta);
  return { model, files: await readBundleFiles(dir) };
}

const rows = (n: number) => {
  const rand = createRng(3);
  return Float32Array.from({ length: n * width }, () => rand() * 4 - 2);
};

const close = (a: ArrayLike<number>, b: ArrayLike<number>, what: string) => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++)
    assert.ok(Math.abs(a[i]! - b[i]!) <= 2e-6 * Math.max(1, Math.abs(b[i]!)), `${what} ${i}: ${a[i]} vs ${b[i]}`);
};

for (const out of ['sigmoid', 'linear'] as const) {
  for (const kind of ['mse', 'mae', 'relative', 'relative-mae'] as const) {
    test(`plain pass = tfjs (${out} output, ${kind}), 1, 3 and 1027 rows`, async () => {
      const { model, files } = await savedBundle(out, 7);
      // 23 positions read as metric j mod 23 (rows: each column its own metric), baselines apart;
      // for relative-mae one metric of 23 positions, where its mean absolute error is not the MSE's.
      const relative =
        kind === 'relative-mae'
          ? { metrics: 1, baseline: [0.05] }
          : { metrics: width, baseline: Array.from({ length: width }, (_, c) => 0.05 * (c + 1)) };
      const plain = plainScorer(plainStackOf(files), kind, relative);
      for (const n of [1, 3, 1027]) {
        const x = rows(n);
        close(plain.score(x), scoreRows(model, x, width, kind, relative), `score, ${n} rows, row`);
        close(plain.reconstruct(x), reconstruct(model, x, width), `reconstruction, ${n} rows, value`);
      }
      model.dispose();
    });
  }
}

test('the adaptive scorer moves to the loaded scorer at a fixed sample count, loading it once', async () => {
  const fake = (name: string): Scorer => ({
    name,
    score: (x) => new Float32Array(x.length),
    reconstruct: (x) => x,
    dispose: () => {},
  });
  let loads = 0;
  const load = async () => (loads++, fake('wasm'));
  const scorer = new AdaptiveScorer(fake('js'), 1000, load, 10_000); // 10 samples of plain work
  const names = [];
  for (const n of [4, 4, 2, 1, 4]) names.push((await scorer.next(n)).name);
  assert.deepEqual(names, ['js', 'js', 'js', 'wasm', 'wasm']);
  assert.equal(loads, 1);
  assert.equal(scorer.name, 'js+wasm');
  const big = new AdaptiveScorer(fake('js'), 1000, load, 10_000);
  await big.startHeavy();
  assert.equal((await big.next(1)).name, 'wasm');
  assert.equal(big.name, 'wasm');
});
