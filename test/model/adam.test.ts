import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { FlatAdam } from '../../src/model/adam.js';
import { Constants } from '../../src/model/backprop.js';
import { loadBackend } from '../../src/model/backend.js';

/** Keras 3's Adam in float64, written out: the reference the trainer promises to follow. */
function kerasAdam(theta: number[], grads: number[][], lr: number, b1 = 0.9, b2 = 0.999, eps = 1e-7): number[] {
  const m = theta.map(() => 0);
  const v = theta.map(() => 0);
  const out = theta.slice();
  grads.forEach((g, step) => {
    const t = step + 1;
    const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    for (let i = 0; i < out.length; i++) {
      m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
      v[i] = b2 * v[i]! + (1 - b2) * g[i]! ** 2;
      out[i] = out[i]! - (alpha * m[i]!) / (Math.sqrt(v[i]!) + eps);
    }
  });
  return out;
}

test("FlatAdam takes Keras's steps exactly (float32 rounding aside), step after step", async () => {
  await loadBackend('tensorflow', process.env);
  const theta0 = [0.5, -1.25, 3, 0, 1e-3, -7];
  const grads = [
    [0.1, -0.2, 0.3, 0, 5, -1e-4],
    [-0.3, 0.1, 0.3, 1e-6, 4, 2],
    [0.05, 0.05, -0.9, 0, -3, 0.5],
  ];
  const lr = 0.01;
  const theta = tf.variable(tf.tensor1d(theta0));
  const c = new Constants();
  const adam = new FlatAdam(theta, lr, c);
  for (const g of grads) tf.tidy(() => adam.apply(tf.tensor1d(g)));
  const got = Array.from(theta.dataSync());
  const want = kerasAdam(theta0, grads, lr);
  for (let i = 0; i < want.length; i++) {
    assert.ok(
      Math.abs(got[i]! - want[i]!) <= 1e-6 * Math.max(1, Math.abs(want[i]!)),
      `θ[${i}]: ${got[i]} vs ${want[i]}`,
    );
  }
  // The steps moved the parameters (a no-op optimizer would fail the comparison above only by luck).
  assert.ok(Math.abs(got[0]! - theta0[0]!) > 1e-3);
  adam.dispose();
  c.dispose();
  theta.dispose();
});
