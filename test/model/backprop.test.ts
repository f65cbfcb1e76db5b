// The hand-written gradient must be tf.grad's, for every activation and loss ae can train.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { lossFn, type LossName } from '../../src/model/autoencoder.js';
import { loadBackend } from '../../src/model/backend.js';
import { Constants, lossAndGradients } from '../../src/model/backprop.js';
import type { Activation } from '../../src/model/dense.js';
import { createRng } from '../../src/data/rng.js';

const widths = [12, 7, 4, 7, 12];

function params(scale: number, seed: number) {
  const rand = createRng(seed);
  const weights: tf.Tensor2D[] = [];
  const biases: tf.Tensor1D[] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    const [a, b] = [widths[i]!, widths[i + 1]!];
    weights.push(
      tf.tensor2d(
        Float32Array.from({ length: a * b }, () => (rand() - 0.5) * scale),
        [a, b],
      ),
    );
    biases.push(tf.tensor1d(Float32Array.from({ length: b }, () => (rand() - 0.5) * 0.2)));
  }
  return { weights, biases };
}

/** Largest absolute difference relative to the largest gradient entry. */
function relDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.sub(a, b).abs().max().dataSync()[0]! / Math.max(b.abs().max().dataSync()[0]!, 1e-12));
}

const cases: [Activation, Activation, LossName][] = [];
for (const hidden of ['relu', 'sigmoid', 'linear'] as const)
  for (const out of ['sigmoid', 'linear'] as const)
    for (const loss of ['meanSquaredError', 'binaryCrossentropy'] as const) cases.push([hidden, out, loss]);

for (const [hidden, out, loss] of cases) {
  // Scale 6 saturates some sigmoid outputs, so BCE's clipping (no gradient) is exercised too.
  for (const scale of [1, 6]) {
    test(`gradient equals tf.grad: ${hidden} hidden, ${out} output, ${loss}, weight scale ${scale}`, async () => {
      await loadBackend('tensorflow');
      const rand = createRng(7);
      const rows = 9;
      const x = tf.tensor2d(
        Float32Array.from({ length: rows * widths[0]! }, () => rand()),
        [rows, widths[0]!],
      );
      const { weights, biases } = params(scale, 11);
      const acts: Activation[] = [hidden, hidden, hidden, out];
      const c = new Constants();
      const before = tf.memory().numTensors;
      const ours = tf.tidy(() => {
        const g = lossAndGradients(weights, biases, acts, loss, x, c);
        return [g.loss, ...g.dWeights, ...g.dBiases];
      });
      const theirs = tf.tidy(() => {
        const f = (...ps: tf.Tensor[]) => {
          let h = x as tf.Tensor2D;
          for (let i = 0; i < 4; i++) {
            const z = tf.add(tf.matMul(h, ps[i] as tf.Tensor2D), ps[4 + i]!) as tf.Tensor2D;
            h = acts[i] === 'relu' ? tf.relu(z) : acts[i] === 'sigmoid' ? tf.sigmoid(z) : z;
          }
          return lossFn(loss, x, h);
        };
        const { value, grads } = tf.valueAndGrads(f)([...weights, ...biases]);
        return [value, ...grads];
      });
      assert.ok(Math.abs(ours[0]!.dataSync()[0]! - theirs[0]!.dataSync()[0]!) < 1e-6, 'loss value');
      for (let i = 1; i < ours.length; i++) {
        assert.deepEqual(ours[i]!.shape, theirs[i]!.shape);
        assert.ok(
          relDiff(ours[i]!, theirs[i]!) < 1e-4,
          `gradient ${i}: relative difference ${relDiff(ours[i]!, theirs[i]!)}`,
        );
      }
      tf.dispose([...ours, ...theirs]);
      c.dispose();
      assert.equal(tf.memory().numTensors, before, 'no tensors left behind');
      tf.dispose([x, ...weights, ...biases]);
    });
  }
}
