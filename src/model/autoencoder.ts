// The dense autoencoder: encoder layers as given, decoder mirrored, output as wide as the input.
import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../data/rng.js';

export type LossName = 'binaryCrossentropy' | 'meanSquaredError';
export type OutputActivation = 'sigmoid' | 'linear';

export interface Architecture {
  /** Layer widths from input to output, e.g. [784, 300, 100, 300, 784]. */
  layers: number[];
  activation: 'relu';
  outputActivation: OutputActivation;
  loss: LossName;
}

/** [784] + encoder [300, 100] → [784, 300, 100, 300, 784]. */
export function mirrorLayers(inputDim: number, encoder: number[]): number[] {
  return [inputDim, ...encoder, ...encoder.slice(0, -1).reverse(), inputDim];
}

/** L-L/2-L/4-L/2-L, the series default (100-50-25-50-100). */
export function defaultEncoder(inputDim: number): number[] {
  return [Math.max(1, Math.round(inputDim / 2)), Math.max(1, Math.round(inputDim / 4))];
}

export function buildAutoencoder(arch: Architecture, seed: number): tf.Sequential {
  const model = tf.sequential();
  const widths = arch.layers;
  for (let i = 1; i < widths.length; i++) {
    const last = i === widths.length - 1;
    model.add(
      tf.layers.dense({
        units: widths[i]!,
        inputShape: i === 1 ? [widths[0]!] : undefined,
        activation: last ? arch.outputActivation : arch.activation,
        // Glorot uniform, as Keras, but seeded so a run can be repeated.
        kernelInitializer: tf.initializers.glorotUniform({ seed: deriveSeed(seed, `layer${i}`) % 2147483647 }),
        name: `dense_${i}`,
      }),
    );
  }
  return model;
}

/** Mean loss over all elements, as Keras reports it. */
export function lossFn(name: LossName, y: tf.Tensor, p: tf.Tensor): tf.Scalar {
  // Two ops; tf.losses.meanSquaredError adds weighting and reduction ops we do not need.
  if (name === 'meanSquaredError') return tf.squaredDifference(y, p).mean() as tf.Scalar;
  return tf.metrics.binaryCrossentropy(y, p).mean() as tf.Scalar;
}
