// Training on windows read through a view (the series once, windows gathered per batch inside
// the training graph) must train what training on the copied windows trains.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../src/data/rng.js';
import { gatherWindows, windowStarts, type WindowView } from '../../src/data/window-view.js';
import { defaultEncoder, mirrorLayers, type Architecture } from '../../src/model/autoencoder.js';
import { loadBackend } from '../../src/model/backend.js';
import { fitAutoencoder, type FitOptions } from '../../src/model/fit.js';

const arch = (w: number): Architecture => ({
  layers: mirrorLayers(w, defaultEncoder(w)),
  activation: 'relu',
  outputActivation: 'linear',
  loss: 'meanSquaredError',
});

function seriesOf(rows: number, metrics: number): Float32Array {
  const rand = createRng(5);
  return Float32Array.from({ length: rows * metrics }, (_, i) => {
    const r = Math.floor(i / metrics);
    return 10 * (i % metrics) + Math.sin(r / 7 + (i % metrics)) + 0.1 * rand();
  });
}

function close(a: ArrayLike<number>, b: ArrayLike<number>, rel: number, what: string): void {
  assert.equal(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++)
    assert.ok(Math.abs(a[i]! - b[i]!) <= rel * (Math.abs(b[i]!) + 1e-3), `${what} ${i}: ${a[i]} vs ${b[i]}`);
}

const cases: { name: string; sizes: number[]; period?: number }[] = [
  { name: 'one length, a scaler per position (scaled in the graph)', sizes: [12] },
  { name: 'one length, a scaler per metric (the series scaled once)', sizes: [12], period: 2 },
  { name: 'two lengths, one member each', sizes: [12, 6], period: 2 },
];

for (const { name, sizes, period } of cases) {
  test(`a view trains as its copied windows do: ${name}`, async () => {
    await loadBackend('tensorflow');
    const metrics = 2;
    const view: WindowView = {
      series: seriesOf(300, metrics),
      metrics,
      starts: windowStarts(300, sizes[0]!, 1),
      sizes,
    };
    const copied = gatherWindows(view, 0, view.starts.length);
    const width = copied.length / view.starts.length;
    const parts = sizes.length > 1 ? sizes.map((s) => s * metrics) : undefined;
    const opts: FitOptions = {
      architecture: parts ? { ...arch(width), parts } : arch(width),
      scaler: 'standard',
      ...(period ? { scalerPeriod: period } : {}),
      epochs: 3,
      batchSize: 16,
      validationSplit: 0.25,
      validation: 'random',
      learningRate: 0.01,
      seed: 2,
    };
    const before = tf.memory().numTensors;
    const a = await fitAutoencoder(view, width, opts);
    const b = await fitAutoencoder(copied, width, opts);
    close(a.scaler.offset, b.scaler.offset, 1e-9, 'offset');
    close(a.training.loss, b.training.loss, 1e-4, 'loss');
    close(a.training.valLoss, b.training.valLoss, 1e-4, 'val loss');
    close(a.trainScores, b.trainScores, 1e-3, 'score');
    a.model.dispose();
    b.model.dispose();
    assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
  });
}
