// The package entry point: what README's library example uses is exported and works.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as ae from '../src/index.js';

test('the README library example runs (small data)', async () => {
  await ae.loadBackend('tensorflow');
  const data = ae.generateSines({ normal: 300, lowNoise: 10, cosines: 10, seed: 1 });
  const fit = await ae.fitAutoencoder(data.values, 100, {
    architecture: {
      layers: ae.mirrorLayers(100, [50, 25]),
      activation: 'relu',
      outputActivation: 'sigmoid',
      loss: 'meanSquaredError',
    },
    scaler: 'standard',
    epochs: 5,
    batchSize: 32,
    validationSplit: 0.25,
    learningRate: 0.001,
    seed: 1,
  });
  const t = ae.thresholdsFromRule(ae.describeScores(fit.trainScores), { kind: 'sigma', k: 4, tail: 'both' });
  const tails = Array.from(ae.scoreRaw(fit.model, fit.scaler, data.values, 100), (s) => ae.classify(s, t));
  const cosines = data.kinds.flatMap((k, i) => (k === 'cosine' ? [i] : []));
  assert.ok(
    cosines.every((i) => tails[i] === 'high'),
    'every cosine is flagged high',
  );
  fit.model.dispose();
});
