import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { generateSines } from '../../src/data/generate.js';
import { applyScaler, fitScaler } from '../../src/data/scalers.js';
import { buildAutoencoder, lossFn, mirrorLayers } from '../../src/model/autoencoder.js';
import { loadBackend } from '../../src/model/backend.js';
import { trainAutoencoder } from '../../src/model/trainer.js';
import { splitValidation } from '../../src/model/validation.js';

test("early stopping stops when validation loss stalls and keeps the best epoch's weights", async () => {
  await loadBackend('tensorflow', process.env);
  const g = generateSines({ normal: 400, lowNoise: 0, cosines: 0, seed: 3 });
  const x = applyScaler(fitScaler('standard', g.values, 100), g.values.slice());
  const arch = {
    layers: mirrorLayers(100, [50, 25]),
    activation: 'relu' as const,
    outputActivation: 'linear' as const,
    loss: 'meanSquaredError' as const,
  };
  const model = buildAutoencoder(arch, 1);
  // A learning rate this high makes the validation loss bounce, so patience runs out early.
  const opts = {
    epochs: 200,
    batchSize: 32,
    validationSplit: 0.25,
    validation: 'random' as const,
    learningRate: 0.05,
    seed: 1,
    loss: arch.loss,
    earlyStopping: 3,
  };
  const r = await trainAutoencoder(model, x, 100, opts);
  assert.equal(r.stoppedEarly, true);
  assert.ok(r.epochs < 200, `stopped at ${r.epochs}`);
  assert.equal(r.epochs, r.bestEpoch! + 3, 'three epochs without improvement after the best');
  const bestLoss = Math.min(...r.valLoss);
  assert.equal(r.valLoss[r.bestEpoch! - 1], bestLoss);
  // The model holds the best epoch's weights: its validation loss is that epoch's, not the last.
  const { val } = splitValidation(x, 100, Math.floor(400 * 0.25), 'random', 1);
  const v = tf.tensor2d(val, [val.length / 100, 100]);
  const now = tf.tidy(() => lossFn(arch.loss, v, model.predict(v) as tf.Tensor).dataSync()[0]!);
  v.dispose();
  assert.ok(Math.abs(now - bestLoss) <= 1e-5 * bestLoss, `${now} vs best ${bestLoss} (last ${r.valLoss.at(-1)})`);
  assert.notEqual(r.valLoss.at(-1), bestLoss);
  model.dispose();
});
