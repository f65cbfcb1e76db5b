// fit → decision scores (PyOD's shape): scale, build, train, then score the training data so
// the bundle can carry the distribution thresholds are drawn from.
import * as tf from '@tensorflow/tfjs';
import { applyScaler, fitScaler, type Scaler, type ScalerKind } from '../data/scalers.js';
import type { ScoreKind } from './architecture.js';
import { scoreRows } from './score.js';
import { buildAutoencoder, type Architecture } from './autoencoder.js';
import type { DenseWeights } from './bundle-files.js';
import { memberLayers, memberSeed, stackMembers } from './members.js';
import { InterruptedError } from '../errors.js';
import { trainAutoencoder, type TrainOptions, type TrainResult } from './trainer.js';

/** The training settings a bundle records (what a user chose, not the data). */
export type TrainingSettings = Pick<
  TrainOptions,
  'epochs' | 'batchSize' | 'validationSplit' | 'validation' | 'learningRate' | 'seed' | 'earlyStopping'
>;

export interface FitOptions extends Omit<TrainOptions, 'loss'> {
  /** How samples are scored (default MSE); recorded in the bundle. */
  score?: ScoreKind;
  architecture: Architecture;
  scaler: ScalerKind;
  /** Columns that share a scaler every `scalerPeriod` (windows scaled per metric). */
  scalerPeriod?: number;
}

export interface Fitted {
  model: tf.LayersModel;
  scaler: Scaler;
  training: TrainResult;
  /** Reconstruction MSE of every training row (after scaling). */
  trainScores: Float32Array;
  /** The stored network (`opts.architecture`; with `parts`, one member per part, stacked). */
  architecture: Architecture;
}

export async function fitAutoencoder(values: Float32Array, width: number, opts: FitOptions): Promise<Fitted> {
  const scaler = fitScaler(opts.scaler, values, width, opts.scalerPeriod);
  // Samples made of parts (several window lengths): one autoencoder per part, each its own
  // default encoder and seed, stored as one block-diagonal stack (members.ts).
  const parts = opts.architecture.parts && opts.architecture.parts.length > 1 ? opts.architecture.parts : null;
  if (parts && scaler.kind !== 'none') weighPartsEqually(scaler, parts);
  const x = applyScaler(scaler, values.slice());
  const { model, training } = parts ? await fitMembers(x, width, parts, opts) : await fitOne(x, width, opts);
  if (opts.architecture.loss === 'meanSquaredError') training.meanLoss ??= meanPredictorLoss(x, width);
  const trainScores = scoreRows(model, x, width, opts.score ?? 'mse');
  return { model, scaler, training, trainScores, architecture: opts.architecture };
}

async function fitOne(x: Float32Array, width: number, opts: FitOptions) {
  const model = buildAutoencoder(opts.architecture, opts.seed);
  const training = await trainAutoencoder(model, x, width, { ...opts, loss: opts.architecture.loss });
  return { model, training };
}

/** One autoencoder per part of the samples, trained one after another, stacked into one model. */
async function fitMembers(x: Float32Array, width: number, parts: number[], opts: FitOptions) {
  const rows = x.length / width;
  const weights: DenseWeights[][] = [];
  const runs: TrainResult[] = [];
  let offset = 0;
  for (const [k, part] of parts.entries()) {
    const slice = new Float32Array(rows * part);
    for (let r = 0; r < rows; r++) slice.set(x.subarray(r * width + offset, r * width + offset + part), r * part);
    offset += part;
    const arch = { ...opts.architecture, layers: memberLayers(part) };
    // Each member its own seed for everything random: init, validation rows, batch order.
    const seed = memberSeed(opts.seed, k);
    const member = buildAutoencoder(arch, seed);
    runs.push(await trainAutoencoder(member, slice, part, { ...opts, seed, loss: arch.loss }));
    // The losses reported are member 0's, so is the baseline they are compared with.
    if (k === 0 && arch.loss === 'meanSquaredError') runs[0]!.meanLoss = meanPredictorLoss(slice, part);
    weights.push(denseWeightsOf(member));
    member.dispose();
    if (runs.at(-1)!.interrupted) break;
  }
  if (weights.length < parts.length)
    throw new InterruptedError('interrupted before every window length was trained: nothing saved');
  const model = buildAutoencoder(opts.architecture, 0); // the stack's shape; weights set below
  const tensors = stackMembers(weights).flatMap((l) => [
    tf.tensor2d(l.kernel, l.kernelShape as [number, number]),
    tf.tensor1d(l.bias),
  ]);
  model.setWeights(tensors);
  tensors.forEach((t) => t.dispose());
  return { model, training: membersTraining(runs, parts, opts.seed) };
}

/**
 * The stack's MSE averages over all inputs, so a part's weight would be its width: 2/3 for a
 * window of 64 beside one of 32. Scaling part k's inputs by f_k = √(W / (K·w_k)) scales its
 * squared errors by f_k² and makes every part weigh 1/K (measured on NAB: equal weights 58.35,
 * by width 56.63; decisions #54). Folded into the scaler, so scans and exports apply it too.
 */
function weighPartsEqually(scaler: Scaler, parts: number[]): void {
  const width = parts.reduce((a, b) => a + b, 0);
  let j = 0;
  for (const part of parts) {
    const f = Math.sqrt(width / (parts.length * part));
    for (let i = 0; i < part; i++, j++) scaler.scale[j] = scaler.scale[j]! / f;
  }
}

/** A dense stack's kernels and biases, layer by layer, as plain arrays. */
export function denseWeightsOf(model: tf.LayersModel): DenseWeights[] {
  const w = model.getWeights();
  const layers: DenseWeights[] = [];
  for (let i = 0; i < w.length; i += 2) {
    const kernel = w[i]!.dataSync() as Float32Array;
    layers.push({ kernelShape: w[i]!.shape, kernel, bias: w[i + 1]!.dataSync() as Float32Array });
  }
  return layers;
}

/** The members' training as one record: member 0's curves, time summed, each member listed. */
function membersTraining(runs: TrainResult[], parts: number[], seed: number): TrainResult {
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  return {
    ...runs[0]!,
    seconds,
    secondsPerEpoch: seconds / runs.reduce((s, r) => s + r.epochs, 0),
    interrupted: runs.some((r) => r.interrupted),
    members: runs.map((r, k) => ({
      inputs: parts[k]!,
      seed: memberSeed(seed, k),
      epochs: r.epochs,
      loss: r.loss.at(-1) ?? null,
      valLoss: r.valLoss.at(-1) ?? null,
    })),
  };
}

/** The MSE of predicting each column's mean: the mean of the columns' (population) variances. */
export function meanPredictorLoss(x: Float32Array, width: number): number {
  const rows = x.length / width;
  if (rows === 0) return NaN;
  const mean = new Float64Array(width);
  for (let r = 0; r < rows; r++) for (let c = 0; c < width; c++) mean[c]! += x[r * width + c]!;
  for (let c = 0; c < width; c++) mean[c]! /= rows;
  let sq = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) sq += (x[r * width + c]! - mean[c]!) ** 2;
  }
  return sq / (rows * width);
}

/** Scores raw (unscaled) rows with a fitted scaler and model. */
export function scoreRaw(
  model: tf.LayersModel,
  scaler: Scaler,
  values: Float32Array,
  width: number,
  score: ScoreKind = 'mse',
): Float32Array {
  return scoreRows(model, applyScaler(scaler, values.slice()), width, score);
}
