// The training loop. A plain loop over a pre-shuffled epoch tensor (one gather per epoch,
// cheap slices per batch) with a seeded permutation, so a seed repeats a run exactly, and
// validation in one batch per epoch. Losses are read once per epoch, not per step.
import * as tf from '@tensorflow/tfjs';
import { createRng, deriveSeed, permutation } from '../data/rng.js';
import { lossFn, type LossName } from './autoencoder.js';

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  /** Fraction of rows held out for validation: the last ones, as Keras does. */
  validationSplit: number;
  learningRate: number;
  seed: number;
  loss: LossName;
  /** Called after every epoch. */
  onEpoch?: (log: EpochLog) => void;
  /** Checked between epochs; true stops training after the current epoch. */
  shouldStop?: () => boolean;
}

export interface EpochLog {
  epoch: number;
  epochs: number;
  loss: number;
  valLoss: number | null;
  seconds: number;
}

export interface TrainResult {
  epochs: number;
  seconds: number;
  secondsPerEpoch: number;
  loss: number[];
  valLoss: number[];
  interrupted: boolean;
}

export async function trainAutoencoder(
  model: tf.LayersModel,
  values: Float32Array,
  width: number,
  opts: TrainOptions,
): Promise<TrainResult> {
  const rows = values.length / width;
  const valRows = Math.floor(rows * opts.validationSplit);
  const trainRows = rows - valRows;
  if (trainRows < 1) throw new Error('no rows left to train on');
  const all = tf.tensor2d(values, [rows, width]);
  const [trainX, valX] = tf.split(all, [trainRows, valRows]) as tf.Tensor2D[];
  all.dispose();
  const optimizer = tf.train.adam(opts.learningRate);
  const rand = createRng(deriveSeed(opts.seed, 'shuffle'));
  const result: TrainResult = { epochs: 0, seconds: 0, secondsPerEpoch: 0, loss: [], valLoss: [], interrupted: false };
  const started = performance.now();
  try {
    for (let epoch = 1; epoch <= opts.epochs; epoch++) {
      if (opts.shouldStop?.()) {
        result.interrupted = true;
        break;
      }
      const t0 = performance.now();
      const loss = await runEpoch(model, optimizer, trainX!, permutation(trainRows, rand), opts);
      const valLoss = valRows > 0 ? await evaluate(model, valX!, opts.loss) : null;
      result.loss.push(loss);
      if (valLoss !== null) result.valLoss.push(valLoss);
      result.epochs = epoch;
      opts.onEpoch?.({ epoch, epochs: opts.epochs, loss, valLoss, seconds: (performance.now() - t0) / 1000 });
      // Let signal handlers (Ctrl-C) and stderr writes run between epochs.
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    trainX!.dispose();
    valX!.dispose();
    optimizer.dispose();
  }
  result.seconds = (performance.now() - started) / 1000;
  result.secondsPerEpoch = result.epochs ? result.seconds / result.epochs : 0;
  if (opts.shouldStop?.()) result.interrupted = true;
  return result;
}

async function runEpoch(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  trainX: tf.Tensor2D,
  perm: Int32Array,
  opts: TrainOptions,
): Promise<number> {
  const rows = trainX.shape[0];
  const width = trainX.shape[1];
  const total = tf.tidy(() => {
    const shuffled = tf.gather(trainX, tf.tensor1d(perm, 'int32'));
    let acc: tf.Tensor = tf.scalar(0);
    for (let start = 0; start < rows; start += opts.batchSize) {
      const size = Math.min(opts.batchSize, rows - start);
      const xb = shuffled.slice([start, 0], [size, width]);
      const l = optimizer.minimize(() => lossFn(opts.loss, xb, model.apply(xb) as tf.Tensor), true)!;
      const next = acc.add(l.mul(size));
      acc.dispose();
      l.dispose();
      xb.dispose();
      acc = next;
    }
    return acc.div(rows);
  });
  const [v] = await total.data();
  total.dispose();
  return v!;
}

async function evaluate(model: tf.LayersModel, x: tf.Tensor2D, loss: LossName): Promise<number> {
  const t = tf.tidy(() => lossFn(loss, x, model.predict(x) as tf.Tensor));
  const [v] = await t.data();
  t.dispose();
  return v!;
}
