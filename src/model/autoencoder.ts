// The dense autoencoder: encoder layers as given, decoder mirrored, output as wide as the input.
import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../data/rng.js';
import type { Architecture, LossName } from './architecture.js';

export {
  OUTPUT_ACTIVATIONS,
  defaultEncoder,
  mirrorLayers,
  type Architecture,
  type LossName,
  type OutputActivation,
} from './architecture.js';

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
