import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { generateSines } from '../../src/data/generate.js';
import { describeScores } from '../../src/detect/stats.js';
import { mirrorLayers, type Architecture } from '../../src/model/autoencoder.js';
import { loadBackend } from '../../src/model/backend.js';
import { loadBundle, saveBundle, type BundleMeta } from '../../src/model/bundle.js';
import { fitAutoencoder, scoreRaw } from '../../src/model/fit.js';
import { tempDir } from '../helpers/files.js';

const data = generateSines({ normal: 300, lowNoise: 10, cosines: 10, length: 20, seed: 5 });
const arch: Architecture = {
  layers: mirrorLayers(20, [10, 5]),
  activation: 'relu',
  outputActivation: 'sigmoid',
  loss: 'meanSquaredError',
};
const fitOpts = {
  architecture: arch,
  scaler: 'standard' as const,
  epochs: 3,
  batchSize: 32,
  validationSplit: 0.25,
  learningRate: 0.01,
  seed: 9,
};

async function fitted() {
  await loadBackend('tensorflow');
  return fitAutoencoder(data.values, 20, fitOpts);
}

function metaFor(f: Awaited<ReturnType<typeof fitted>>): BundleMeta {
  return {
    format: 'ae-bundle',
    version: 1,
    ae: 'test',
    createdAt: '',
    backend: 'tensorflow',
    tfjs: tf.version.tfjs,
    tensorflow: null,
    input: { kind: 'rows', width: 20 },
    architecture: arch,
    preprocessing: { scaler: f.scaler },
    training: { seed: 9, epochs: 3, interrupted: false },
    scores: describeScores(f.trainScores),
    thresholds: {},
  };
}

test('training reduces the loss and the same seed gives the same scores', async () => {
  const a = await fitted();
  const b = await fitted();
  assert.ok(a.training.loss.at(-1)! < a.training.loss[0]!);
  assert.equal(a.training.valLoss.length, 3);
  for (let i = 0; i < a.trainScores.length; i++) assert.ok(Math.abs(a.trainScores[i]! - b.trainScores[i]!) < 1e-4);
  a.model.dispose();
  b.model.dispose();
});

test('bundle save → load reproduces the scores; damaged bundles are named', async () => {
  const f = await fitted();
  const dir = tempDir();
  await saveBundle(dir, f.model, metaFor(f));
  const loaded = await loadBundle(dir);
  const before = scoreRaw(f.model, f.scaler, data.values, 20);
  const after = scoreRaw(loaded.model, loaded.meta.preprocessing.scaler, data.values, 20);
  for (let i = 0; i < before.length; i++) assert.ok(Math.abs(before[i]! - after[i]!) < 1e-6);

  const copy = async (name: string, edit: (d: string) => Promise<void>) => {
    const d = path.join(dir, '..', `${path.basename(dir)}-${name}`);
    await fsp.cp(dir, d, { recursive: true });
    await edit(d);
    return d;
  };
  const noMeta = await copy('nometa', (d) => fsp.rm(path.join(d, 'ae.json')));
  await assert.rejects(loadBundle(noMeta), /ae\.json is missing/);
  const newer = await copy('newer', async (d) => {
    const m = JSON.parse(await fsp.readFile(path.join(d, 'ae.json'), 'utf8'));
    await fsp.writeFile(path.join(d, 'ae.json'), JSON.stringify({ ...m, version: 99 }));
  });
  await assert.rejects(loadBundle(newer), /bundle version 99/);
  const truncated = await copy('trunc', async (d) => {
    const w = await fsp.readFile(path.join(d, 'weights.bin'));
    await fsp.writeFile(path.join(d, 'weights.bin'), w.subarray(0, w.length - 8));
  });
  await assert.rejects(loadBundle(truncated), /weights\.bin has \d+ bytes/);
  const shapes = await copy('shapes', async (d) => {
    const m = JSON.parse(await fsp.readFile(path.join(d, 'ae.json'), 'utf8'));
    m.architecture.layers = [20, 8, 5, 8, 20];
    await fsp.writeFile(path.join(d, 'ae.json'), JSON.stringify(m));
  });
  await assert.rejects(loadBundle(shapes), /describes layers 20-8-5-8-20 but the weights are/);
  for (const d of [noMeta, newer, truncated, shapes]) await fsp.rm(d, { recursive: true });
  f.model.dispose();
  loaded.model.dispose();
});

test('scoring does not leak tensors', async () => {
  const f = await fitted();
  scoreRaw(f.model, f.scaler, data.values, 20); // warm-up
  const before = tf.memory().numTensors;
  for (let i = 0; i < 5; i++) scoreRaw(f.model, f.scaler, data.values, 20);
  assert.equal(tf.memory().numTensors, before);
  f.model.dispose();
});
