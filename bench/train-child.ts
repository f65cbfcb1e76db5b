// One training measurement in its own process (TensorFlow reads its thread and oneDNN settings
// once, at load): prints {"secondsPerEpoch": …, "loss": …} as JSON on stdout.
// Usage: tsx bench/train-child.ts <series|mnist> <ae|fit> <epochs>
import * as tf from '@tensorflow/tfjs';
import { generateSines } from '../src/data/generate.js';
import { loadEmbeddedMnist, splitOneClass, PIXELS } from '../src/data/mnist.js';
import { applyScaler, fitScaler } from '../src/data/scalers.js';
import { buildAutoencoder, mirrorLayers, type Architecture } from '../src/model/autoencoder.js';
import { loadBackend } from '../src/model/backend.js';
import { trainAutoencoder } from '../src/model/trainer.js';

const [config = 'series', impl = 'ae', epochsArg = '5'] = process.argv.slice(2);
const epochs = Number(epochsArg);

function data(): { x: Float32Array; width: number; arch: Architecture } {
  if (config === 'mnist') {
    const split = splitOneClass(loadEmbeddedMnist(), 1, [], 0.2, 0);
    return {
      x: split.train.values,
      width: PIXELS,
      arch: {
        layers: mirrorLayers(PIXELS, [300, 100]),
        activation: 'relu',
        outputActivation: 'sigmoid',
        loss: 'binaryCrossentropy',
      },
    };
  }
  const g = generateSines({ seed: 1 });
  const x = applyScaler(fitScaler('standard', g.values, 100), g.values);
  return {
    x,
    width: 100,
    arch: {
      layers: mirrorLayers(100, [50, 25]),
      activation: 'relu',
      outputActivation: 'sigmoid',
      loss: 'meanSquaredError',
    },
  };
}

await loadBackend('tensorflow', process.env);
const { x, width, arch } = data();
const model = buildAutoencoder(arch, 1);
const times: number[] = [];
let loss = NaN;
if (impl === 'fit') {
  model.compile({ optimizer: tf.train.adam(0.001), loss: arch.loss });
  const xt = tf.tensor2d(x, [x.length / width, width]);
  await model.fit(xt, xt, {
    epochs: epochs + 1,
    batchSize: 32,
    validationSplit: 0.25,
    verbose: 0,
    callbacks: {
      onEpochBegin: async () => {
        times.push(performance.now());
      },
      onEpochEnd: async (_e, logs) => {
        times.push(performance.now());
        loss = logs?.loss ?? NaN;
      },
    },
  });
} else {
  await trainAutoencoder(model, x, width, {
    epochs: epochs + 1,
    batchSize: 32,
    validationSplit: 0.25,
    learningRate: 0.001,
    seed: 1,
    loss: arch.loss,
    onEpoch: (e) => {
      times.push(e.seconds);
      loss = e.loss;
    },
  });
}
// Epoch 1 (tracing, allocation) is left out; the rest are averaged.
const perEpoch =
  impl === 'fit'
    ? times.reduce((acc, t, i) => (i % 2 === 1 && i > 1 ? acc + (t - times[i - 1]!) / 1000 : acc), 0) / epochs
    : times.slice(1).reduce((a, b) => a + b, 0) / epochs;
console.log(JSON.stringify({ config, impl, epochs, secondsPerEpoch: perEpoch, loss }));
