// Per-sample reconstruction error: mean over features of (x − x̂)² (MSE, the default) or of
// |x − x̂| (MAE, as the Keras time-series example scores). One forward pass per batch.
import * as tf from '@tensorflow/tfjs';
import { isAbsolute, isRelative, type ScoreKind } from './architecture.js';
import { denseStack, forward, type DenseStack } from './dense.js';
import type { RelativeScale } from './relative-score.js';

/**
 * The reconstruction of x. ae's models are dense stacks, run as plain matMul + add + activation
 * (the same kernels Dense layers run): LayersModel.apply adds JS bookkeeping per call that, on
 * a stream of batches, kept the heap climbing. Any other model goes through apply — not
 * predict, which cuts its input into batches of 32 (~20× slower here). Call inside tf.tidy.
 */
function run(model: tf.LayersModel, stack: DenseStack | null, x: tf.Tensor2D): tf.Tensor {
  if (stack) return forward(stack.weights, stack.biases, stack.activations, x).at(-1)!;
  return model.apply(x, { training: false }) as tf.Tensor;
}

export { SCORES, type ScoreKind } from './architecture.js';

/** Scores a row-major batch (rows × width); returns one error per row. No tensors outlive the call. */
export function scoreRows(
  model: tf.LayersModel,
  values: Float32Array,
  width: number,
  kind: ScoreKind = 'mse',
  relative?: RelativeScale,
  batchSize = 4096,
): Float32Array {
  const rows = values.length / width;
  const out = new Float32Array(rows);
  const stack = denseStack(model);
  const baseline = relative ? tf.tensor1d(relative.baseline) : null;
  for (let start = 0; start < rows; start += batchSize) {
    const n = Math.min(batchSize, rows - start);
    const errors = tf.tidy(() => {
      const x = tf.tensor2d(values.subarray(start * width, (start + n) * width), [n, width]);
      const recon = run(model, stack, x);
      const absolute = isAbsolute(kind);
      const elementwise = absolute ? tf.abs(tf.sub(x, recon)) : tf.squaredDifference(x, recon);
      if (!isRelative(kind)) return elementwise.mean(1);
      // Position j is metric j mod C: [n, positions per metric, C], each metric's mean, its
      // ratio to training, then the power mean of order ½ (relative-score.ts).
      const m = relative!.metrics;
      const means = elementwise.reshape([n, width / m, m]).mean(1);
      const perMetric = absolute ? means.square() : means;
      return tf.sqrt(tf.div(perMetric, baseline!)).mean(1).square();
    });
    out.set(errors.dataSync() as Float32Array, start);
    errors.dispose();
  }
  baseline?.dispose();
  return out;
}

/** Reconstructions, for pictures of input vs output. */
export function reconstruct(model: tf.LayersModel, values: Float32Array, width: number): Float32Array {
  const rows = values.length / width;
  const r = tf.tidy(() => run(model, denseStack(model), tf.tensor2d(values, [rows, width])));
  const data = r.dataSync() as Float32Array;
  r.dispose();
  return data;
}
