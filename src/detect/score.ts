// Per-sample reconstruction error: mean over features of (x − x̂)². One predict per batch.
import * as tf from '@tensorflow/tfjs';

/** Scores a row-major batch (rows × width); returns one MSE per row. No tensors outlive the call. */
export function scoreRows(model: tf.LayersModel, values: Float32Array, width: number, batchSize = 4096): Float32Array {
  const rows = values.length / width;
  const out = new Float32Array(rows);
  for (let start = 0; start < rows; start += batchSize) {
    const n = Math.min(batchSize, rows - start);
    const mse = tf.tidy(() => {
      const x = tf.tensor2d(values.subarray(start * width, (start + n) * width), [n, width]);
      // apply, not predict: predict cuts its input into batches of 32, ~20× slower here.
      const r = model.apply(x, { training: false }) as tf.Tensor;
      return tf.squaredDifference(x, r).mean(1);
    });
    out.set(mse.dataSync() as Float32Array, start);
    mse.dispose();
  }
  return out;
}

/** Reconstructions, for pictures of input vs output. */
export function reconstruct(model: tf.LayersModel, values: Float32Array, width: number): Float32Array {
  const rows = values.length / width;
  const r = tf.tidy(() => model.apply(tf.tensor2d(values, [rows, width]), { training: false }) as tf.Tensor);
  const data = r.dataSync() as Float32Array;
  r.dispose();
  return data;
}
