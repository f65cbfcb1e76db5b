// An ensemble is stored as one dense stack: it must reconstruct exactly what its members'
// average is, and fitting one must give a bundle every scorer reads as any other.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../src/data/rng.js';
import { buildAutoencoder, mirrorLayers, type Architecture } from '../../src/model/autoencoder.js';
import { loadBackend } from '../../src/model/backend.js';
import type { DenseWeights } from '../../src/model/bundle-files.js';
import { combineMembers, ensembleLayers, memberSeed } from '../../src/model/ensemble.js';
import { fitAutoencoder } from '../../src/model/fit.js';
import { plainReconstruct, plainStack } from '../../src/model/plain-forward.js';
import { reconstruct, scoreRows } from '../../src/model/score.js';

const width = 12;
const arch: Architecture = {
  layers: mirrorLayers(width, [6, 3]),
  activation: 'relu',
  outputActivation: 'linear',
  loss: 'meanSquaredError',
};
const values = (n: number) => {
  const rand = createRng(5);
  return Float32Array.from({ length: n * width }, (_, i) => Math.sin(i / 3) + rand() - 0.5);
};

function weightsOf(model: tf.LayersModel): DenseWeights[] {
  const w = model.getWeights();
  const out: DenseWeights[] = [];
  for (let i = 0; i < w.length; i += 2)
    out.push({
      kernelShape: w[i]!.shape,
      kernel: w[i]!.dataSync() as Float32Array,
      bias: w[i + 1]!.dataSync() as Float32Array,
    });
  return out;
}

test('three members side by side reconstruct the mean of their reconstructions', async () => {
  await loadBackend('tensorflow');
  const members = [0, 1, 2].map((k) => buildAutoencoder(arch, memberSeed(7, k)));
  const x = values(40);
  const recons = members.map((m) => reconstruct(m, x, width));
  const combined = combineMembers(members.map(weightsOf));
  assert.deepEqual(
    combined.map((l) => l.kernelShape),
    [
      [12, 18],
      [18, 9],
      [9, 18],
      [18, 12],
    ],
  );
  const stack = plainStack(combined, ['relu', 'relu', 'relu', 'linear']);
  const got = plainReconstruct(stack, x, 40);
  for (let i = 0; i < got.length; i++) {
    const mean = (recons[0]![i]! + recons[1]![i]! + recons[2]![i]!) / 3;
    assert.ok(Math.abs(got[i]! - mean) < 1e-5, `value ${i}: ${got[i]} vs ${mean}`);
  }
  // Members differ (else averaging them would be no ensemble).
  assert.ok(Math.abs(recons[0]![0]! - recons[1]![0]!) > 1e-4);
  members.forEach((m) => m.dispose());
});

test('fitting an ensemble of 3: member 0 is the single model, the stack is what is scored', async () => {
  await loadBackend('tensorflow');
  const x = values(200);
  const opts = {
    architecture: arch,
    scaler: 'standard' as const,
    epochs: 3,
    batchSize: 32,
    validationSplit: 0.25,
    learningRate: 0.01,
    seed: 3,
  };
  const single = await fitAutoencoder(x, width, opts);
  const ens = await fitAutoencoder(x, width, { ...opts, ensemble: 3 });
  assert.deepEqual(ens.architecture.layers, ensembleLayers(arch.layers, 3));
  assert.deepEqual(ens.architecture.layers, [12, 18, 9, 18, 12]);
  assert.equal(ens.architecture.members, 3);
  assert.equal(ens.training.members?.length, 3);
  assert.equal(ens.training.members?.[0]?.seed, 3);
  assert.deepEqual(ens.training.members?.[0]?.loss, single.training.loss.at(-1));
  assert.equal(new Set(ens.training.members?.map((m) => m.seed)).size, 3);
  // The training scores are the stack's own, as scans will compute them.
  const scaled = x.map((v, i) => (v - single.scaler.offset[i % width]!) / single.scaler.scale[i % width]!);
  const again = scoreRows(ens.model, scaled, width);
  for (let i = 0; i < again.length; i++) assert.ok(Math.abs(again[i]! - ens.trainScores[i]!) < 1e-5);
  assert.notDeepEqual(Array.from(ens.trainScores), Array.from(single.trainScores));
  single.model.dispose();
  ens.model.dispose();
});
