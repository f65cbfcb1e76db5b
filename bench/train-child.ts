// One training measurement in its own process (TensorFlow reads its thread and oneDNN settings
// once, at load). Prints JSON on stdout: whole-run seconds per epoch (what a user waits for,
// the first epoch included), the first epoch alone, the final loss.
// Usage: tsx bench/train-child.ts <series|mnist|window288> <ae|eager|fit> <epochs>
//   ae: what `ae train` runs (one graph call per step); eager: the step-by-step trainer
//        tsx bench/train-child.ts <config> data <file.f32>   (the data, for the Python baselines)
import { writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { buildAutoencoder } from '../src/model/autoencoder.js';
import { loadBackend } from '../src/model/backend.js';
import { trainAutoencoder, trainEagerly } from '../src/model/trainer.js';
import { benchConfig, type ConfigName } from './configs.js';

const [config = 'series', impl = 'ae', arg = '10'] = process.argv.slice(2);
const { x, width, arch } = benchConfig(config as ConfigName);
if (impl === 'data') {
  writeFileSync(arg, x);
  console.log(JSON.stringify({ rows: x.length / width, width, layers: arch.layers.join('-') }));
  process.exit(0);
}
const epochs = Number(arg);
await loadBackend('tensorflow', process.env);
const model = buildAutoencoder(arch, 1);
const epochEnds: number[] = [];
let loss = NaN;
const t0 = performance.now();
if (impl === 'fit') {
  model.compile({ optimizer: tf.train.adam(0.001), loss: arch.loss });
  const xt = tf.tensor2d(x, [x.length / width, width]);
  await model.fit(xt, xt, {
    epochs,
    batchSize: 32,
    validationSplit: 0.25,
    verbose: 0,
    callbacks: {
      onEpochEnd: async (_e, logs) => {
        epochEnds.push(performance.now());
        loss = logs?.loss ?? NaN;
      },
    },
  });
} else {
  await (impl === 'eager' ? trainEagerly : trainAutoencoder)(model, x, width, {
    epochs,
    batchSize: 32,
    validationSplit: 0.25,
    learningRate: 0.001,
    seed: 1,
    loss: arch.loss,
    onEpoch: (e) => {
      epochEnds.push(performance.now());
      loss = e.loss;
    },
  });
}
const seconds = (performance.now() - t0) / 1000;
const firstEpoch = (epochEnds[0]! - t0) / 1000;
const steady = epochs > 1 ? (epochEnds.at(-1)! - epochEnds[0]!) / 1000 / (epochs - 1) : firstEpoch;
console.log(JSON.stringify({ config, impl, epochs, secondsPerEpoch: seconds / epochs, firstEpoch, steady, loss }));
