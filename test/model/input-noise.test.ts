// `inputNoise`: a denoising autoencoder. Both trainers feed each step x plus seeded Gaussian
// noise and take the loss against x. What must hold: the same seed draws the same noise; 0 is
// the plain trainer, bit for bit; and a model so trained maps noisy windows back nearer the
// clean ones than a model trained on clean windows does — the point of it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createNormal, createRng } from '../../src/data/rng.js';
import { buildAutoencoder, mirrorLayers, type Architecture } from '../../src/model/autoencoder.js';
import { loadBackend } from '../../src/model/backend.js';
import { trainAutoencoder, trainEagerly } from '../../src/model/trainer.js';

const width = 30;
const arch: Architecture = {
  layers: mirrorLayers(width, [24, 12]),
  activation: 'relu',
  outputActivation: 'linear',
  loss: 'meanSquaredError',
};
// Samples on a 3-dimensional plane in 30: a bottleneck of 12 passes the plane and 9 more
// directions, so a plain autoencoder lets part of a noise through; a denoising one learns the plane.
const basisNormal = createNormal(createRng(1));
const basis = Array.from({ length: width * 3 }, () => basisNormal() / Math.sqrt(3));
function plane(rows: number, seed: number): Float32Array {
  const normal = createNormal(createRng(seed));
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    const z = [normal(), normal(), normal()];
    for (let j = 0; j < width; j++) out[r * width + j] = z.reduce((s, v, k) => s + v * basis[j * 3 + k]!, 0);
  }
  return out;
}
const opts = { epochs: 40, batchSize: 32, validationSplit: 0.25, learningRate: 0.005, seed: 5, loss: arch.loss };

type Trainer = typeof trainAutoencoder;
const trainers: [string, Trainer][] = [
  ['graph', trainAutoencoder],
  ['step-by-step', trainEagerly],
];

async function trained(train: Trainer, x: Float32Array, inputNoise?: number) {
  const model = buildAutoencoder(arch, 3);
  const result = await train(model, x, width, { ...opts, ...(inputNoise !== undefined ? { inputNoise } : {}) });
  return { model, result, weights: model.getWeights().map((w) => Array.from(w.dataSync())) };
}

/** Mean squared distance of the reconstructions of `noisy` from `clean`. */
function denoisedError(model: tf.LayersModel, noisy: Float32Array, clean: Float32Array): number {
  const out = tf.tidy(() => (model.predict(tf.tensor2d(noisy, [noisy.length / width, width])) as tf.Tensor).dataSync());
  let sum = 0;
  for (let i = 0; i < clean.length; i++) sum += (out[i]! - clean[i]!) ** 2;
  return sum / clean.length;
}

for (const [name, train] of trainers) {
  test(`${name} trainer: the same seed draws the same noise; 0 is no noise at all`, async () => {
    await loadBackend('tensorflow');
    const x = plane(600, 2);
    const before = tf.memory().numTensors;
    const none = await trained(train, x);
    const a = await trained(train, x, 0.3);
    const b = await trained(train, x, 0.3);
    assert.deepEqual(a.weights, b.weights, 'same seed, same weights');
    const zero = await trained(train, x, 0);
    assert.deepEqual(none.weights, zero.weights, '0 trains as no option');
    assert.notDeepEqual(a.weights, none.weights, 'the noise reaches training');
    // The loss is against the clean x: a network fed noisy inputs cannot meet it as closely.
    assert.ok(
      a.result.loss.at(-1)! > none.result.loss.at(-1)!,
      `noisy ${a.result.loss.at(-1)} > clean ${none.result.loss.at(-1)}`,
    );
    for (const m of [a, b, none, zero]) m.model.dispose();
    assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
  });

  test(`${name} trainer: a denoising model brings noisy windows nearer the clean ones`, async () => {
    await loadBackend('tensorflow');
    const x = plane(600, 2);
    const clean = plane(300, 3); // samples of the same plane, not trained on
    const gauss = createNormal(createRng(9));
    const noisy = clean.map((v) => v + 0.5 * gauss());
    const plain = await trained(train, x);
    const denoising = await trained(train, x, 0.3);
    const [p, d] = [denoisedError(plain.model, noisy, clean), denoisedError(denoising.model, noisy, clean)];
    assert.ok(d < 0.6 * p, `denoising ${d.toFixed(4)} against plain ${p.toFixed(4)}`);
    plain.model.dispose();
    denoising.model.dispose();
  });
}
