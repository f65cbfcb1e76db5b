// On the native backend a training step is one TensorFlow graph call (src/model/graph/). It
// must train exactly as the step-by-step trainer does — same data order, gradient and Adam —
// for every activation and loss, keep the best epoch with early stopping, and leak nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { generateSines } from '../../src/data/generate.js';
import { applyScaler, fitScaler } from '../../src/data/scalers.js';
import { buildAutoencoder, mirrorLayers, type Architecture } from '../../src/model/autoencoder.js';
import { loadBackend } from '../../src/model/backend.js';
import { nativeBackend } from '../../src/model/graph/graph-trainer.js';
import { trainAutoencoder, trainEagerly } from '../../src/model/trainer.js';

const width = 30;
const data = () => {
  const g = generateSines({ normal: 600, lowNoise: 10, cosines: 10, length: width, seed: 4 });
  return applyScaler(fitScaler('minmax', g.values, width), g.values); // in [0, 1]: BCE's domain too
};
const opts = { epochs: 3, batchSize: 32, validationSplit: 0.25, learningRate: 0.01, seed: 2 };

const cases: [Architecture['outputActivation'], Architecture['loss']][] = [
  ['sigmoid', 'meanSquaredError'],
  ['linear', 'meanSquaredError'],
  ['sigmoid', 'binaryCrossentropy'],
  ['linear', 'binaryCrossentropy'],
];

for (const [out, loss] of cases) {
  test(`graph training = step-by-step training (${out} output, ${loss})`, async () => {
    await loadBackend('tensorflow');
    assert.ok(nativeBackend(), 'the graph trainer runs on the native backend');
    const arch: Architecture = {
      layers: mirrorLayers(width, [14, 6]),
      activation: 'relu',
      outputActivation: out,
      loss,
    };
    const x = data();
    const [inGraph, eager] = [buildAutoencoder(arch, 8), buildAutoencoder(arch, 8)];
    const before = tf.memory().numTensors;
    const a = await trainAutoencoder(inGraph, x, width, { ...opts, loss });
    assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
    const mid = tf.memory().numTensors;
    const b = await trainEagerly(eager, x, width, { ...opts, loss });
    assert.equal(tf.memory().numTensors, mid, 'the step-by-step trainer leaves none either');
    for (let e = 0; e < opts.epochs; e++) {
      assert.ok(Math.abs(a.loss[e]! - b.loss[e]!) <= 1e-5 * Math.abs(b.loss[e]!), `epoch ${e + 1} loss`);
      assert.ok(Math.abs(a.valLoss[e]! - b.valLoss[e]!) <= 1e-5 * Math.abs(b.valLoss[e]!), `epoch ${e + 1} val`);
    }
    const [wa, wb] = [inGraph.getWeights(), eager.getWeights()];
    wa.forEach((t, i) => {
      const [p, q] = [t.dataSync(), wb[i]!.dataSync()];
      for (let j = 0; j < p.length; j++) assert.ok(Math.abs(p[j]! - q[j]!) < 1e-4, `weight ${i}[${j}]`);
    });
    inGraph.dispose();
    eager.dispose();
  });
}

test("graph training = step-by-step where BCE's clipping bites (saturated sigmoid outputs)", async () => {
  await loadBackend('tensorflow');
  const arch: Architecture = {
    layers: mirrorLayers(width, [14, 6]),
    activation: 'relu',
    outputActivation: 'sigmoid',
    loss: 'binaryCrossentropy',
  };
  const x = data();
  const [g, e] = [buildAutoencoder(arch, 5), buildAutoencoder(arch, 5)];
  // Weights ×12: outputs sit at 0 or 1 in float32, where the clip's gradient is zero.
  for (const m of [g, e]) m.setWeights(m.getWeights().map((w) => tf.mul(w, 12)));
  const settings = { ...opts, epochs: 1, loss: arch.loss };
  const a = await trainAutoencoder(g, x, width, settings);
  const b = await trainEagerly(e, x, width, settings);
  assert.ok(Math.abs(a.loss[0]! - b.loss[0]!) <= 1e-5 * b.loss[0]!, `${a.loss[0]} vs ${b.loss[0]}`);
  const [p, q] = [g.getWeights()[0]!.dataSync(), e.getWeights()[0]!.dataSync()];
  for (let j = 0; j < p.length; j++) assert.ok(Math.abs(p[j]! - q[j]!) < 1e-4, `weight ${j}: ${p[j]} vs ${q[j]}`);
});

test('graph training with early stopping keeps the best epoch', async () => {
  await loadBackend('tensorflow');
  const arch: Architecture = {
    layers: mirrorLayers(width, [14, 6]),
    activation: 'relu',
    outputActivation: 'linear',
    loss: 'meanSquaredError',
  };
  const x = data();
  // A large step makes the validation loss bounce, so the best epoch is not the last.
  const settings = { ...opts, epochs: 12, learningRate: 0.08, loss: arch.loss, earlyStopping: 3 };
  const [g, e] = [buildAutoencoder(arch, 3), buildAutoencoder(arch, 3)];
  const a = await trainAutoencoder(g, x, width, settings);
  const b = await trainEagerly(e, x, width, settings);
  assert.equal(a.bestEpoch, b.bestEpoch);
  assert.equal(a.epochs, b.epochs);
  assert.equal(a.stoppedEarly, b.stoppedEarly);
  const best = Math.min(...a.valLoss);
  assert.equal(a.valLoss[a.bestEpoch! - 1], best);
  const [p, q] = [g.getWeights()[0]!.dataSync(), e.getWeights()[0]!.dataSync()];
  for (let j = 0; j < p.length; j++) assert.ok(Math.abs(p[j]! - q[j]!) < 1e-3, `the kept weights agree (${j})`);
});
