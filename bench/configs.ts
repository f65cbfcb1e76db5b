// The training configurations the bench times, with their data: the seed's two, and windows of
// a day of 5-minute samples (the shape of a public metric series). Shared by the ae child and
// the data files the Python baselines read, so every contender trains on the same numbers.
import { generateSines } from '../src/data/generate.js';
import { loadEmbeddedMnist, splitOneClass, PIXELS } from '../src/data/mnist.js';
import { createNormal, createRng } from '../src/data/rng.js';
import { applyScaler, fitScaler } from '../src/data/scalers.js';
import { mirrorLayers, type Architecture } from '../src/model/autoencoder.js';

export const CONFIGS = ['series', 'mnist', 'window288'] as const;
export type ConfigName = (typeof CONFIGS)[number];

export interface BenchConfig {
  x: Float32Array;
  width: number;
  arch: Architecture;
}

const arch = (layers: number[], loss: Architecture['loss']): Architecture => ({
  layers,
  activation: 'relu',
  outputActivation: 'sigmoid',
  loss,
});

/** 14 days at 5-minute steps (4,032 values) → 3,745 windows of 288, stride 1, standardised. */
function windows288(): Float32Array {
  const normal = createNormal(createRng(7));
  const n = 4032;
  const size = 288;
  const series = Float32Array.from({ length: n }, (_, i) => 70 + 10 * Math.sin((2 * Math.PI * i) / 288) + normal());
  const count = n - size + 1;
  const x = new Float32Array(count * size);
  for (let k = 0; k < count; k++) x.set(series.subarray(k, k + size), k * size);
  return applyScaler(fitScaler('standard', x, size), x);
}

export function benchConfig(name: ConfigName): BenchConfig {
  if (name === 'mnist') {
    const split = splitOneClass(loadEmbeddedMnist(), 1, [], 0.2, 0);
    return { x: split.train.values, width: PIXELS, arch: arch(mirrorLayers(PIXELS, [300, 100]), 'binaryCrossentropy') };
  }
  if (name === 'window288')
    return { x: windows288(), width: 288, arch: arch(mirrorLayers(288, [144, 72]), 'meanSquaredError') };
  const g = generateSines({ seed: 1 });
  const x = applyScaler(fitScaler('standard', g.values, 100), g.values);
  return { x, width: 100, arch: arch(mirrorLayers(100, [50, 25]), 'meanSquaredError') };
}

/** Multiply-adds × 2 of one training step: forward, two backward products, per sample. */
export function flopsPerSample(layers: number[]): number {
  let macs = 0;
  for (let i = 0; i + 1 < layers.length; i++) macs += layers[i]! * layers[i + 1]!;
  return 2 * 3 * macs;
}
