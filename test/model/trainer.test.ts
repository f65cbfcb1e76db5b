// ae's trainer must learn what tfjs's own model.fit learns (same model, optimizer, loss and
// batch size): its loss curve is compared with model.fit's from the same initial weights.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { generateSines } from '../../src/data/generate.js';
import { applyScaler, fitScaler } from '../../src/data/scalers.js';
import { buildAutoencoder, mirrorLayers, type Architecture } from '../../src/model/autoencoder.js';
import { loadBackend } from '../../src/model/backend.js';
import { trainAutoencoder } from '../../src/model/trainer.js';

for (const loss of ['meanSquaredError', 'binaryCrossentropy'] as const) {
  test(`loss curve matches model.fit (${loss})`, async () => {
    await loadBackend('tensorflow');
    const g = generateSines({ normal: 2000, lowNoise: 20, cosines: 20, length: 40, seed: 3 });
    const x = applyScaler(fitScaler(loss === 'binaryCrossentropy' ? 'minmax' : 'standard', g.values, 40), g.values);
    const arch: Architecture = {
      layers: mirrorLayers(40, [20, 10]),
      activation: 'relu',
      outputActivation: 'sigmoid',
      loss,
    };
    const epochs = 6;

    const ours = buildAutoencoder(arch, 5);
    const theirs = buildAutoencoder(arch, 5);
    const a = await trainAutoencoder(ours, x, 40, {
      epochs,
      batchSize: 32,
      validationSplit: 0.25,
      learningRate: 0.001,
      seed: 1,
      loss,
    });

    theirs.compile({ optimizer: tf.train.adam(0.001), loss });
    const xt = tf.tensor2d(x, [x.length / 40, 40]);
    const h = await theirs.fit(xt, xt, { epochs, batchSize: 32, validationSplit: 0.25, verbose: 0 });
    xt.dispose();
    const fitLoss = h.history.loss as number[];
    const fitVal = h.history.val_loss as number[];

    // Same starting point, same descent: within 3 % at every epoch (shuffles differ).
    for (let e = 0; e < epochs; e++) {
      assert.ok(
        Math.abs(a.loss[e]! - fitLoss[e]!) / fitLoss[e]! < 0.03,
        `epoch ${e + 1}: ${a.loss[e]} vs ${fitLoss[e]}`,
      );
      assert.ok(
        Math.abs(a.valLoss[e]! - fitVal[e]!) / fitVal[e]! < 0.03,
        `epoch ${e + 1} val: ${a.valLoss[e]} vs ${fitVal[e]}`,
      );
    }
    assert.ok(a.loss.at(-1)! < a.loss[0]!);
    // The trained weights are written back into the tfjs model.
    const w0 = buildAutoencoder(arch, 5).getWeights()[0]!;
    assert.ok(tf.tidy(() => tf.sub(ours.getWeights()[0]!, w0).abs().max().dataSync()[0]!) > 1e-3);
    ours.dispose();
    theirs.dispose();
  });
}
