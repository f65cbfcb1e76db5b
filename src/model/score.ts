// Per-sample reconstruction error: mean over features of (x − x̂)². One forward pass per batch.
import * as tf from '@tensorflow/tfjs';
import { denseStack, forward, type DenseStack } from './dense.js';

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

/** Scores a row-major batch (rows × width); returns one MSE per row. No tensors outlive the call. */
export function scoreRows(model: tf.LayersModel, values: Float32Array, width: number, batchSize = 4096): Float32Array {
  const rows = values.length / width;
  const out = new Float32Array(rows);
  const stack = denseStack(model);
  for (let start = 0; start < rows; start += batchSize) {
    const n = Math.min(batchSize, rows - start);
    const mse = tf.tidy(() => {
      const x = tf.tensor2d(values.subarray(start * width, (start + n) * width), [n, width]);
      return tf.squaredDifference(x, run(model, stack, x)).mean(1);
    });
    out.set(mse.dataSync() as Float32Array, start);
    mse.dispose();
  }
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
