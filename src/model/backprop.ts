// Loss and gradient of a dense stack, written out by hand instead of taken from tfjs's tape.
// Why: these models are so small that a training step costs what its kernel calls cost, and
// the tape more than doubles them (it clones every saved tensor, builds relu's gradient from
// five kernels, and reshapes around every fused matMul): ~125 kernels per series step against
// ~60 here. The maths is the same as tf.grad of lossFn (test/model/backprop.test.ts checks
// every activation and loss against tf.grad), including binary cross-entropy's clipping.
import * as tf from '@tensorflow/tfjs';
import { lossFn, type LossName } from './autoencoder.js';
import { forward, type Activation } from './dense.js';

/** tfjs's (and Keras's) epsilon: BCE clips predictions to [ε, 1 − ε]. */
const EPSILON = 1e-7;

/** Scalars made once per trainer: a JS number in an op uploads a new tensor on every call. */
export class Constants {
  private readonly cache = new Map<number, tf.Scalar>();

  get(value: number): tf.Scalar {
    let s = this.cache.get(value);
    if (!s) {
      s = tf.keep(tf.scalar(value));
      this.cache.set(value, s);
    }
    return s;
  }

  dispose(): void {
    for (const s of this.cache.values()) s.dispose();
    this.cache.clear();
  }
}

/** dL/dz from dL/da, given the layer's output a. */
function throughActivation(da: tf.Tensor2D, a: tf.Tensor2D, act: Activation, c: Constants): tf.Tensor2D {
  // relu: a = max(z, 0) ≥ 0, so sign(a) is exactly relu'(z) (0 at z = 0, as TensorFlow's ReluGrad).
  if (act === 'relu') return tf.mul(da, tf.sign(a));
  if (act === 'sigmoid') return tf.mul(da, tf.mul(a, tf.sub(c.get(1), a)));
  return da;
}

/** dL/dz at the output layer for the mean loss over all elements. */
function outputGradient(loss: LossName, act: Activation, y: tf.Tensor2D, p: tf.Tensor2D, c: Constants): tf.Tensor2D {
  if (loss === 'meanSquaredError') {
    const dp = tf.mul(tf.sub(p, y), c.get(2 / p.size)) as tf.Tensor2D;
    return throughActivation(dp, p, act, c);
  }
  // BCE on clip(p): no gradient where the clip bites, as in tf.grad of lossFn.
  const inv = c.get(1 / p.size);
  const pc = tf.clipByValue(p, EPSILON, 1 - EPSILON);
  const inside = tf.cast(tf.equal(pc, p), 'float32');
  if (act === 'sigmoid') {
    // d/dz of BCE(sigmoid(z)) = p − y: the sigmoid's derivative cancels the loss's denominator.
    return tf.mul(tf.mul(tf.sub(p, y), inside), inv);
  }
  const dp = tf.div(tf.sub(pc, y), tf.mul(pc, tf.sub(c.get(1), pc))) as tf.Tensor2D;
  return throughActivation(tf.mul(tf.mul(dp, inside), inv) as tf.Tensor2D, p, act, c);
}

/**
 * The mean loss over the batch and its gradient for every weight and bias, in layer order.
 * `input` (default x): what the network is fed, when it is x with noise (denoising); the loss
 * is always against x. Call inside tf.tidy.
 */
export function lossAndGradients(
  weights: tf.Tensor2D[],
  biases: tf.Tensor1D[],
  activations: Activation[],
  loss: LossName,
  x: tf.Tensor2D,
  c: Constants,
  input: tf.Tensor2D = x,
): { loss: tf.Scalar; dWeights: tf.Tensor2D[]; dBiases: tf.Tensor1D[] } {
  const outs = forward(weights, biases, activations, input);
  const p = outs[outs.length - 1]!;
  const value = lossFn(loss, x, p);
  const n = weights.length;
  const dWeights: tf.Tensor2D[] = new Array(n);
  const dBiases: tf.Tensor1D[] = new Array(n);
  let dz = outputGradient(loss, activations[n - 1]!, x, p, c);
  for (let i = n - 1; i >= 0; i--) {
    dWeights[i] = tf.matMul(outs[i]!, dz, true, false);
    dBiases[i] = tf.sum(dz, 0);
    if (i > 0) dz = throughActivation(tf.matMul(dz, weights[i]!, false, true), outs[i]!, activations[i - 1]!, c);
  }
  return { loss: value, dWeights, dBiases };
}
