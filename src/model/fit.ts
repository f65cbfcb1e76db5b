// fit → decision scores (PyOD's shape): scale, build, train, then score the training data so
// the bundle can carry the distribution thresholds are drawn from.
import type * as tf from '@tensorflow/tfjs';
import { applyScaler, fitScaler, type Scaler, type ScalerKind } from '../data/scalers.js';
import type { ScoreKind } from './architecture.js';
import { scoreRows } from './score.js';
import { buildAutoencoder, type Architecture } from './autoencoder.js';
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
}

export async function fitAutoencoder(values: Float32Array, width: number, opts: FitOptions): Promise<Fitted> {
  const scaler = fitScaler(opts.scaler, values, width, opts.scalerPeriod);
  const x = applyScaler(scaler, values.slice());
  const model = buildAutoencoder(opts.architecture, opts.seed);
  const training = await trainAutoencoder(model, x, width, { ...opts, loss: opts.architecture.loss });
  if (opts.architecture.loss === 'meanSquaredError') training.meanLoss = meanPredictorLoss(x, width);
  const trainScores = scoreRows(model, x, width, opts.score ?? 'mse');
  return { model, scaler, training, trainScores };
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
