// fit → decision scores (PyOD's shape): scale, build, train, then score the training data so
// the bundle can carry the distribution thresholds are drawn from.
import * as tf from '@tensorflow/tfjs';
import { applyScaler, type Scaler, type ScalerKind } from '../data/scalers.js';
import { fitViewScaler } from '../data/view-scaler.js';
import { gatherWindows, rowsView, viewWidth, type WindowView } from '../data/window-view.js';
import { materialize, type TrainingView } from './training-view.js';
import { isAbsolute, isRelative, type ScoreKind } from './architecture.js';
import { reconstruct, scoreRows } from './score.js';
import { centreInPlace, centringOf, type Centring } from './level.js';
import { metricErrors, scaleOfMeans, type RelativeScale } from './relative-score.js';
import { buildAutoencoder, type Architecture } from './autoencoder.js';
import type { DenseWeights } from './bundle-files.js';
import { memberLayers, memberSeed, stackMembers } from './members.js';
import { InterruptedError } from '../errors.js';
import { trainAutoencoder, type TrainOptions, type TrainResult } from './trainer.js';
import type { TrainingEstimate } from './train-types.js';

/** The training settings a bundle records (what a user chose, not the data). */
export type TrainingSettings = Pick<
  TrainOptions,
  'epochs' | 'batchSize' | 'validationSplit' | 'validation' | 'learningRate' | 'seed' | 'earlyStopping' | 'inputNoise'
>;

export interface FitOptions extends Omit<TrainOptions, 'loss'> {
  /** How samples are scored (default MSE); recorded in the bundle. */
  score?: ScoreKind;
  architecture: Architecture;
  scaler: ScalerKind;
  /** Columns that share a scaler every `scalerPeriod` (windows scaled per metric). */
  scalerPeriod?: number;
  /** Scored values beyond this many training sds (scaled units) are cut to it (Scaler.clip). */
  clip?: number;
  /** Parts of each sample whose level is taken out before the network (`--center`, level.ts). */
  centre?: Centring;
}

export interface Fitted {
  model: tf.LayersModel;
  scaler: Scaler;
  training: TrainResult;
  /** Reconstruction MSE of every training row (after scaling). */
  trainScores: Float32Array;
  /** The stored network (`opts.architecture`; with `parts`, one member per part, stacked). */
  architecture: Architecture;
  /** The `relative` score's per-metric training errors. */
  relative?: RelativeScale;
}

export async function fitAutoencoder(
  samples: Float32Array | WindowView,
  width: number,
  opts: FitOptions,
): Promise<Fitted> {
  const view = samples instanceof Float32Array ? rowsView(samples, width) : samples;
  const scaler = fitViewScaler(opts.scaler, view, opts.scalerPeriod);
  // Samples made of parts (several window lengths): one autoencoder per part, each its own
  // default encoder and seed, stored as one block-diagonal stack (members.ts).
  const parts = opts.architecture.parts && opts.architecture.parts.length > 1 ? opts.architecture.parts : null;
  const unweighted = scaler.scale.slice();
  if (parts && scaler.kind !== 'none') weighPartsEqually(scaler, parts);
  const whole = withCentre(scaledView(view, scaler.kind === 'none' ? null : scaler), opts.centre);
  // Set after training reads the scaler: training sees its values as they are.
  if (opts.clip !== undefined && scaler.kind !== 'none')
    scaler.clip = scaler.scale.map((s, j) => (opts.clip! * unweighted[j]!) / s);
  const { model, training } = parts ? await fitMembers(view, scaler, parts, opts) : await fitOne(whole, width, opts);
  if (opts.architecture.loss === 'meanSquaredError') training.meanLoss ??= meanPredictorLoss(whole);
  const relative = isRelative(opts.score) ? relativeScaleOf(model, whole, isAbsolute(opts.score)) : undefined;
  const trainScores = scoreView(model, whole, opts.score ?? 'mse', relative);
  return { model, scaler, training, trainScores, architecture: opts.architecture, ...(relative ? { relative } : {}) };
}

async function fitOne(view: TrainingView, width: number, opts: FitOptions) {
  const model = buildAutoencoder(opts.architecture, opts.seed);
  const training = await trainAutoencoder(model, view, width, { ...opts, loss: opts.architecture.loss });
  return { model, training };
}

/** One autoencoder per part of the samples, trained one after another, stacked into one model. */
async function fitMembers(view: WindowView, scaler: Scaler, parts: number[], opts: FitOptions) {
  const weights: DenseWeights[][] = [];
  const runs: TrainResult[] = [];
  let offset = 0;
  for (const [k, part] of parts.entries()) {
    const member = withCentre(memberView(view, scaler, k, offset, part), memberCentre(opts.centre, offset, part));
    offset += part;
    const arch = { ...opts.architecture, layers: memberLayers(part) };
    // Each member its own seed for everything random: init, validation rows, batch order.
    const seed = memberSeed(opts.seed, k);
    const net = buildAutoencoder(arch, seed);
    // Timed on the first member; the others train after it, so an epoch of all takes ~K times.
    const estimate = opts.onEstimate;
    const onEstimate =
      k === 0 && estimate
        ? (e: TrainingEstimate) => estimate({ ...e, secondsPerEpoch: e.secondsPerEpoch * parts.length })
        : undefined;
    runs.push(await trainAutoencoder(net, member, part, { ...opts, seed, loss: arch.loss, onEstimate }));
    // The losses reported are member 0's, so is the baseline they are compared with.
    if (k === 0 && arch.loss === 'meanSquaredError') runs[0]!.meanLoss = meanPredictorLoss(member);
    weights.push(denseWeightsOf(net));
    net.dispose();
    if (runs.at(-1)!.interrupted) break;
  }
  if (weights.length < parts.length)
    throw new InterruptedError('before every window length was trained: nothing saved');
  const model = buildAutoencoder(opts.architecture, 0); // the stack's shape; weights set below
  const tensors = stackMembers(weights).flatMap((l) => [
    tf.tensor2d(l.kernel, l.kernelShape as [number, number]),
    tf.tensor1d(l.bias),
  ]);
  model.setWeights(tensors);
  tensors.forEach((t) => t.dispose());
  return { model, training: membersTraining(runs, parts, opts.seed) };
}

/** The view with its samples' levels taken out (none: as it is). */
function withCentre(view: TrainingView, centre: Centring | null | undefined): TrainingView {
  return centre ? { ...view, centre } : view;
}

/** A member's own centring: its whole part, when the stack centres the part it reads. */
function memberCentre(centre: Centring | undefined, offset: number, part: number): Centring | null {
  if (!centre?.parts.some((p) => p.offset === offset)) return null;
  return centringOf([part / centre.metrics], centre.metrics, 'all');
}

/**
 * Part k of every sample (columns offset .. offset + part), scaled by its part of the scaler:
 * a window view reads the newest rows of its own length; a matrix is cut into its columns.
 */
function memberView(view: WindowView, scaler: Scaler, k: number, offset: number, part: number): TrainingView {
  const own: Scaler = {
    kind: scaler.kind,
    offset: scaler.offset.slice(offset, offset + part),
    scale: scaler.scale.slice(offset, offset + part),
  };
  const scaling = scaler.kind === 'none' ? null : own;
  if (view.sizes.length > 1) {
    const size = view.sizes[k]!;
    const shift = view.sizes[0]! - size;
    return scaledView({ ...view, starts: view.starts.map((s) => s + shift), sizes: [size] }, scaling);
  }
  const width = viewWidth(view);
  const rows = view.starts.length;
  const all = gatherWindows(view, 0, rows);
  const slice = new Float32Array(rows * part);
  for (let r = 0; r < rows; r++) slice.set(all.subarray(r * width + offset, r * width + offset + part), r * part);
  return scaledView(rowsView(slice, part), scaling);
}

/**
 * The view as a trainer reads it: a scaler that is the same at every window position (rows; a
 * metric shared by every position) is applied to a copy of the series once, in float64 as
 * applyScaler does; one that differs by position is applied as each sample is read.
 */
function scaledView(view: WindowView, scaler: Scaler | null): TrainingView {
  if (!scaler) return view;
  const c = view.metrics;
  const uniform = scaler.offset.every((o, j) => o === scaler.offset[j % c] && scaler.scale[j] === scaler.scale[j % c]);
  if (!uniform) {
    return { ...view, scaling: { offset: Float64Array.from(scaler.offset), scale: Float64Array.from(scaler.scale) } };
  }
  const perMetric: Scaler = { kind: scaler.kind, offset: scaler.offset.slice(0, c), scale: scaler.scale.slice(0, c) };
  return { ...view, series: applyScaler(perMetric, view.series.slice()) };
}

/** Every sample's score, a chunk of samples copied out and scaled at a time. */
function scoreView(
  model: tf.LayersModel,
  view: TrainingView,
  score: ScoreKind,
  relative?: RelativeScale,
): Float32Array {
  const out = new Float32Array(view.starts.length);
  const width = viewWidth(view);
  for (const { from, x } of scaledChunks(view)) out.set(scoreRows(model, x, width, score, relative), from);
  return out;
}

/**
 * A relative score's scale: each metric's mean error e_c over the training samples, summed chunk
 * by chunk (samples × metrics held at once would be 600 MB for 2 M windows of 38).
 */
function relativeScaleOf(model: tf.LayersModel, view: TrainingView, absolute: boolean): RelativeScale {
  const width = viewWidth(view);
  const m = view.metrics;
  const mean = new Float64Array(m);
  for (const { x } of scaledChunks(view)) {
    const errors = metricErrors(x, reconstruct(model, x, width), width, m, absolute);
    for (let i = 0; i < errors.length; i++) mean[i % m]! += errors[i]! / view.starts.length;
  }
  return scaleOfMeans(mean);
}

/** The view's samples, scaled, copied out 4,096 at a time (never all at once). */
function* scaledChunks(view: TrainingView): Generator<{ from: number; x: Float32Array }> {
  for (let from = 0; from < view.starts.length; from += 4096)
    yield { from, x: materialize(view, view.starts.subarray(from, from + 4096)) };
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
export function meanPredictorLoss(samples: Float32Array | TrainingView, width?: number): number {
  const view = samples instanceof Float32Array ? rowsView(samples, width!) : samples;
  const w = viewWidth(view);
  const rows = view.starts.length;
  if (rows === 0) return NaN;
  const mean = new Float64Array(w);
  for (const { x } of scaledChunks(view)) for (let i = 0; i < x.length; i++) mean[i % w]! += x[i]!;
  for (let c = 0; c < w; c++) mean[c]! /= rows;
  let sq = 0;
  for (const { x } of scaledChunks(view)) for (let i = 0; i < x.length; i++) sq += (x[i]! - mean[i % w]!) ** 2;
  return sq / (rows * w);
}

/** Scores raw (unscaled) rows with a fitted scaler and model. */
export function scoreRaw(
  model: tf.LayersModel,
  scaler: Scaler,
  values: Float32Array,
  width: number,
  score: ScoreKind = 'mse',
  relative?: RelativeScale,
  centre?: Centring | null,
): Float32Array {
  const scaled = applyScaler(scaler, values.slice());
  return scoreRows(model, centre ? centreInPlace(scaled, width, centre) : scaled, width, score, relative);
}
