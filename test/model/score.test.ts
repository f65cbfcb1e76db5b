// scoreRows runs ae's dense stacks without tfjs layers; it must agree with tfjs's own predict.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../src/data/rng.js';
import { scoreRows, reconstruct } from '../../src/model/score.js';
import { buildAutoencoder, mirrorLayers } from '../../src/model/autoencoder.js';
import { loadBackend } from '../../src/model/backend.js';

function viaPredict(model: tf.LayersModel, values: Float32Array, width: number): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor2d(values, [values.length / width, width]);
    return tf
      .squaredDifference(x, model.predict(x) as tf.Tensor)
      .mean(1)
      .dataSync() as Float32Array;
  });
}

function randomRows(rows: number, width: number): Float32Array {
  const rand = createRng(5);
  return Float32Array.from({ length: rows * width }, () => rand() * 2 - 1);
}

for (const out of ['sigmoid', 'linear'] as const) {
  test(`scoreRows and reconstruct equal tfjs predict (${out} output), across batch edges`, async () => {
    await loadBackend('tensorflow');
    const width = 30;
    const model = buildAutoencoder(
      { layers: mirrorLayers(width, [12, 5]), activation: 'relu', outputActivation: out, loss: 'meanSquaredError' },
      3,
    );
    const values = randomRows(1000, width);
    const before = tf.memory().numTensors;
    const ours = scoreRows(model, values, width, 'mse', undefined, 128); // 1000 rows: 7 full batches and a partial one
    const theirs = viaPredict(model, values, width);
    for (let i = 0; i < ours.length; i++)
      assert.ok(
        Math.abs(ours[i]! - theirs[i]!) <= 1e-6 * Math.max(1, theirs[i]!),
        `row ${i}: ${ours[i]} vs ${theirs[i]}`,
      );
    const r = reconstruct(model, values.subarray(0, 10 * width), width);
    const p = tf.tidy(() =>
      (model.predict(tf.tensor2d(values.subarray(0, 10 * width), [10, width])) as tf.Tensor).dataSync(),
    );
    for (let i = 0; i < r.length; i++) assert.ok(Math.abs(r[i]! - p[i]!) < 1e-6);
    assert.equal(tf.memory().numTensors, before, 'no tensors left behind');
    model.dispose();
  });
}

test('a model that is not a plain dense stack is scored through tfjs', async () => {
  await loadBackend('tensorflow');
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 4, inputShape: [8], activation: 'tanh' }), tf.layers.dense({ units: 8 })],
  });
  const values = randomRows(50, 8);
  const ours = scoreRows(model, values, 8);
  const theirs = viaPredict(model, values, 8);
  for (let i = 0; i < ours.length; i++) assert.ok(Math.abs(ours[i]! - theirs[i]!) < 1e-6);
  model.dispose();
});

test('MAE scores are the mean absolute error of the same reconstruction', async () => {
  const { buildAutoencoder, mirrorLayers } = await import('../../src/model/autoencoder.js');
  const { reconstruct } = await import('../../src/model/score.js');
  const model = buildAutoencoder(
    { layers: mirrorLayers(6, [3]), activation: 'relu', outputActivation: 'linear', loss: 'meanSquaredError' },
    2,
  );
  const values = Float32Array.from({ length: 30 }, (_, i) => Math.sin(i));
  const recon = reconstruct(model, values, 6);
  const mae = scoreRows(model, values, 6, 'mae');
  for (let r = 0; r < 5; r++) {
    let sum = 0;
    for (let c = 0; c < 6; c++) sum += Math.abs(values[r * 6 + c]! - recon[r * 6 + c]!);
    assert.ok(Math.abs(mae[r]! - sum / 6) < 1e-6, `row ${r}`);
  }
  model.dispose();
});
