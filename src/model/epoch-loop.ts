// What every trainer does around its epochs, written once: the validation split, the seeded
// shuffle, progress callbacks, Ctrl-C between epochs, early stopping with the best epoch's
// parameters kept and put back, and the timing. A trainer (the graph one, the step-by-step
// one) supplies only how to train one epoch and how to copy its parameters.
import type * as tf from '@tensorflow/tfjs';
import { createRng, deriveSeed, permutation } from '../data/rng.js';
import { denseStack, type DenseStack } from './dense.js';
import type { TrainOptions, TrainResult } from './train-types.js';
import { splitStarts } from './validation.js';
import type { TrainingView } from './training-view.js';

export interface TrainingData {
  stack: DenseStack;
  view: TrainingView;
  /** The samples trained on and held out, by their start in the view's series. */
  train: Int32Array;
  val: Int32Array;
  trainRows: number;
  valRows: number;
}

/** The model as a dense stack, and the samples split into training and validation. */
export function prepareTraining(model: tf.LayersModel, view: TrainingView, opts: TrainOptions): TrainingData {
  const rows = view.starts.length;
  const valRows = Math.floor(rows * opts.validationSplit);
  const trainRows = rows - valRows;
  if (trainRows < 1) throw new Error('no rows left to train on');
  const stack = denseStack(model);
  if (!stack) throw new Error('ae trains stacks of dense layers with relu, sigmoid or linear activations');
  const split = splitStarts(view.starts, valRows, opts.validation ?? 'last', opts.seed);
  return { stack, view, train: split.train, val: split.val, trainRows, valRows };
}

/** One trainer's side of the loop. `S` is a copy of the parameters (for early stopping). */
export interface EpochRunner<S> {
  /** Trains one epoch on the rows in this order; returns [training loss, validation loss]. */
  epoch(order: Int32Array): Promise<[number, number]>;
  snapshot(): S;
  /** Puts a copy's parameters back into the model being trained. */
  restore(copy: S): void;
  drop(copy: S): void;
}

export async function runEpochs<S>(
  opts: TrainOptions,
  data: Pick<TrainingData, 'trainRows' | 'valRows'>,
  runner: EpochRunner<S>,
): Promise<TrainResult> {
  const result: TrainResult = { epochs: 0, seconds: 0, secondsPerEpoch: 0, loss: [], valLoss: [], interrupted: false };
  const patience = data.valRows > 0 && opts.earlyStopping ? opts.earlyStopping : 0;
  const rand = createRng(deriveSeed(opts.seed, 'shuffle'));
  const started = performance.now();
  let best: { loss: number; epoch: number; copy: S | null } = { loss: Infinity, epoch: 0, copy: null };
  let waited = 0;
  try {
    for (let epoch = 1; epoch <= opts.epochs; epoch++) {
      if (opts.shouldStop?.()) {
        result.interrupted = true;
        break;
      }
      const t0 = performance.now();
      const [loss, valLoss] = await runner.epoch(permutation(data.trainRows, rand));
      result.loss.push(loss);
      if (data.valRows > 0) result.valLoss.push(valLoss);
      result.epochs = epoch;
      opts.onEpoch?.({
        epoch,
        epochs: opts.epochs,
        loss,
        valLoss: data.valRows > 0 ? valLoss : null,
        seconds: (performance.now() - t0) / 1000,
      });
      // Let signal handlers (Ctrl-C) and stderr writes run between epochs.
      await new Promise((r) => setImmediate(r));
      if (!patience) continue;
      if (valLoss < best.loss) {
        if (best.copy !== null) runner.drop(best.copy);
        best = { loss: valLoss, epoch, copy: runner.snapshot() };
        waited = 0;
      } else if (++waited >= patience) {
        result.stoppedEarly = true;
        break;
      }
    }
  } finally {
    // Keras's EarlyStopping(restore_best_weights=True): the best epoch, stopped early or not.
    if (patience) {
      if (best.copy !== null) {
        runner.restore(best.copy);
        runner.drop(best.copy);
      }
      result.bestEpoch = best.epoch;
    }
  }
  result.seconds = (performance.now() - started) / 1000;
  result.secondsPerEpoch = result.epochs ? result.seconds / result.epochs : 0;
  if (opts.shouldStop?.()) result.interrupted = true;
  return result;
}
