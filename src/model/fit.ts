// fit → decision scores (PyOD's shape): scale, build, train, then score the training data so
// the bundle can carry the distribution thresholds are drawn from.
import * as tf from '@tensorflow/tfjs';
import { applyScaler, fitScaler, type Scaler, type ScalerKind } from '../data/scalers.js';
import type { ScoreKind } from './architecture.js';
import { scoreRows } from './score.js';
import { buildAutoencoder, type Architecture } from './autoencoder.js';
import type { DenseWeights } from './bundle-files.js';
import { combineMembers, ensembleLayers, memberSeed } from './ensemble.js';
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
  /** Autoencoders trained (each from its own seed) and stored as one stack (ensemble.ts); default 1. */
  ensemble?: number;
}

export interface Fitted {
  model: tf.LayersModel;
  scaler: Scaler;
  training: TrainResult;
  /** Reconstruction MSE of every training row (after scaling). */
  trainScores: Float32Array;
  /** The stored network: `architecture` with N members' hidden layers side by side. */
  architecture: Architecture;
}

export async function fitAutoencoder(values: Float32Array, width: number, opts: FitOptions): Promise<Fitted> {
  const scaler = fitScaler(opts.scaler, values, width, opts.scalerPeriod);
  const x = applyScaler(scaler, values.slice());
  const members: tf.LayersModel[] = [];
  const runs: TrainResult[] = [];
  for (let k = 0; k < (opts.ensemble ?? 1) && !runs.at(-1)?.interrupted; k++) {
    const seed = memberSeed(opts.seed, k);
    // Each member its own seed for everything random: init, validation rows, batch order.
    const model = buildAutoencoder(opts.architecture, seed);
    members.push(model);
    runs.push(await trainAutoencoder(model, x, width, { ...opts, seed, loss: opts.architecture.loss }));
  }
  const { model, architecture } =
    members.length === 1
      ? { model: members[0]!, architecture: opts.architecture }
      : stackOf(members, opts.architecture);
  const training = members.length === 1 ? runs[0]! : ensembleTraining(runs, opts.seed);
  if (opts.architecture.loss === 'meanSquaredError') training.meanLoss = meanPredictorLoss(x, width);
  const trainScores = scoreRows(model, x, width, opts.score ?? 'mse');
  return { model, scaler, training, trainScores, architecture };
}

/** The members as one model (their tensors freed). */
function stackOf(
  members: tf.LayersModel[],
  member: Architecture,
): { model: tf.LayersModel; architecture: Architecture } {
  const architecture = { ...member, layers: ensembleLayers(member.layers, members.length), members: members.length };
  const combined = combineMembers(members.map(denseWeightsOf));
  members.forEach((m) => m.dispose());
  const model = buildAutoencoder(architecture, 0);
  const tensors = combined.flatMap((l) => [
    tf.tensor2d(l.kernel, l.kernelShape as [number, number]),
    tf.tensor1d(l.bias),
  ]);
  model.setWeights(tensors);
  tensors.forEach((t) => t.dispose());
  return { model, architecture };
}

function denseWeightsOf(model: tf.LayersModel): DenseWeights[] {
  const w = model.getWeights();
  const layers: DenseWeights[] = [];
  for (let i = 0; i < w.length; i += 2)
    layers.push({
      kernelShape: w[i]!.shape,
      kernel: w[i]!.dataSync() as Float32Array,
      bias: w[i + 1]!.dataSync() as Float32Array,
    });
  return layers;
}

/**
 * The members' training as one record: member 0's curves (what the loss plot draws), their
 * time summed, each member's seed, epochs and final losses listed.
 */
function ensembleTraining(runs: TrainResult[], seed: number): TrainResult {
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  return {
    ...runs[0]!,
    seconds,
    secondsPerEpoch: seconds / runs.reduce((s, r) => s + r.epochs, 0),
    interrupted: runs.some((r) => r.interrupted),
    members: runs.map((r, k) => ({
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
