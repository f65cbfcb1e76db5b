// The training loop, built for per-step overhead: these models are tiny (a series epoch is
// ~0.6 GFLOP), so time goes to kernel dispatch, not arithmetic (docs/performance.md).
//  - All weights live in ONE flat variable; each step splits it into views. The gradient is
//    then a single tensor and Adam is ~12 kernels per step instead of ~12 per weight tensor.
//  - The gradient is written out by hand (backprop.ts), not taken from tfjs's tape: half
//    the kernels per step.
//  - One gather per epoch pre-shuffles the data (seeded); batches are cheap slices.
//  - Step losses stay on the device and are read once per epoch; validation is one batch.
// The maths is Keras's: same Glorot init, Adam (β1 .9, β2 .999, ε 1e-7), loss, batch order.
import * as tf from '@tensorflow/tfjs';
import { lossFn, type LossName } from './autoencoder.js';
import { FlatAdam, variableOf } from './adam.js';
import type { TrainOptions, TrainResult } from './train-types.js';
import { Constants, lossAndGradients } from './backprop.js';
import { forward, type Activation } from './dense.js';
import { prepareTraining, runEpochs } from './epoch-loop.js';
import { nativeBackend, trainInGraph } from './graph/graph-trainer.js';
import { createRng, deriveSeed } from '../data/rng.js';
import { asTrainingView, materialize, type TrainingView } from './training-view.js';

export type { EpochLog, TrainOptions, TrainResult } from './train-types.js';

/** A dense stack as flat parameters: [W1, b1, W2, b2, …] back to back. */
class FlatDense {
  readonly theta: tf.Variable;
  private readonly shapes: number[][];
  private readonly sizes: number[];

  constructor(
    private readonly model: tf.LayersModel,
    readonly activations: Activation[],
  ) {
    const weights = model.getWeights();
    this.shapes = weights.map((w) => w.shape);
    this.sizes = weights.map((w) => w.size);
    // Not trainable: nothing records it on a tape (the gradient is computed by hand).
    this.theta = variableOf(tf.tidy(() => tf.concat(weights.map((w) => w.flatten()))));
  }

  /** The parameters as kernels and biases (slices of theta). Call inside tf.tidy. */
  unpack(): { weights: tf.Tensor2D[]; biases: tf.Tensor1D[] } {
    const parts = tf.split(this.theta, this.sizes);
    const weights: tf.Tensor2D[] = [];
    const biases: tf.Tensor1D[] = [];
    for (let i = 0; i < this.activations.length; i++) {
      weights.push(parts[2 * i]!.reshape(this.shapes[2 * i]!) as tf.Tensor2D);
      biases.push(parts[2 * i + 1] as tf.Tensor1D);
    }
    return { weights, biases };
  }

  /**
   * Mean loss of a batch and the gradient with respect to theta; `input`, x with noise when
   * denoising. Call inside tf.tidy.
   */
  lossAndGradient(
    x: tf.Tensor2D,
    loss: LossName,
    c: Constants,
    input: tf.Tensor2D = x,
  ): { value: tf.Scalar; grad: tf.Tensor1D } {
    const { weights, biases } = this.unpack();
    const g = lossAndGradients(weights, biases, this.activations, loss, x, c, input);
    const flat: tf.Tensor[] = [];
    for (let i = 0; i < weights.length; i++) flat.push(g.dWeights[i]!.reshape([-1]), g.dBiases[i]!);
    return { value: g.loss, grad: tf.concat(flat) as tf.Tensor1D };
  }

  /** The network's output for x. Call inside tf.tidy. */
  predict(x: tf.Tensor2D): tf.Tensor2D {
    const { weights, biases } = this.unpack();
    return forward(weights, biases, this.activations, x).at(-1)!;
  }

  /** Copies the trained parameters back into the tfjs model (for predict and save). */
  writeBack(): void {
    const parts = tf.tidy(() => tf.split(this.theta, this.sizes).map((p, i) => p.reshape(this.shapes[i]!)));
    this.model.setWeights(parts);
    tf.dispose(parts);
  }

  dispose(): void {
    this.theta.dispose();
  }
}

/**
 * Trains a dense autoencoder in place. On the native backend the whole step runs as one
 * TensorFlow graph call (graph/graph-trainer.ts, decisions #37); elsewhere (wasm, cpu), or
 * with `eager: true`, step by step through tfjs (trainEagerly).
 */
export async function trainAutoencoder(
  model: tf.LayersModel,
  samples: Float32Array | TrainingView,
  width: number,
  opts: TrainOptions & { eager?: boolean },
): Promise<TrainResult> {
  const native = opts.eager ? null : nativeBackend();
  if (native) return trainInGraph(native, model, asTrainingView(samples, width), width, opts);
  return trainEagerly(model, samples, width, opts);
}

/** The step-by-step trainer: ~60 tfjs kernels per step; its samples are copied out (small data). */
export async function trainEagerly(
  model: tf.LayersModel,
  samples: Float32Array | TrainingView,
  width: number,
  opts: TrainOptions,
): Promise<TrainResult> {
  const view = asTrainingView(samples, width);
  const data = prepareTraining(model, view, opts);
  const { trainRows, valRows } = data;
  const trainX = tf.tensor2d(materialize(view, data.train), [trainRows, width]);
  const valX = valRows > 0 ? tf.tensor2d(materialize(view, data.val), [valRows, width]) : null;
  const net = new FlatDense(model, data.stack.activations);
  const constants = new Constants();
  const adam = new FlatAdam(net.theta, opts.learningRate, constants);
  const noise = opts.inputNoise ?? 0;
  const noiseSeeds = createRng(deriveSeed(opts.seed, 'noise'));
  const epoch = async (order: Int32Array): Promise<[number, number]> => {
    const totals = tf.tidy(() => {
      const shuffled = tf.gather(trainX, tf.tensor1d(order, 'int32'));
      const weighted: tf.Tensor[] = [];
      for (let start = 0; start < trainRows; start += opts.batchSize) {
        const size = Math.min(opts.batchSize, trainRows - start);
        const xb = shuffled.slice([start, 0], [size, width]) as tf.Tensor2D;
        const value = tf.tidy(() => {
          const input = noise > 0 ? noisy(xb, noise, Math.floor(noiseSeeds() * 2 ** 31)) : xb;
          const { value: v, grad } = net.lossAndGradient(xb, opts.loss, constants, input);
          adam.apply(grad);
          return v;
        });
        weighted.push(size === opts.batchSize ? value : value.mul(size / opts.batchSize));
      }
      const epochLoss = tf.addN(weighted).mul(opts.batchSize / trainRows);
      const valLoss = valX ? lossFn(opts.loss, valX, net.predict(valX)) : tf.scalar(NaN);
      return tf.stack([epochLoss, valLoss]);
    });
    const [loss, valLoss] = Array.from(await totals.data());
    totals.dispose();
    return [loss!, valLoss!];
  };
  try {
    return await runEpochs(opts, data, {
      epoch,
      snapshot: () => tf.keep(net.theta.clone()),
      restore: (copy) => net.theta.assign(copy),
      drop: (copy) => copy.dispose(),
    });
  } finally {
    net.writeBack();
    net.dispose();
    adam.dispose();
    constants.dispose();
    trainX.dispose();
    valX?.dispose();
  }
}

/** x plus Gaussian noise of sd `sd`, drawn from `seed` (a denoising step's input). */
function noisy(x: tf.Tensor2D, sd: number, seed: number): tf.Tensor2D {
  return tf.add(x, tf.randomNormal(x.shape, 0, sd, 'float32', seed));
}
