// Training as every command does it — with the progress display, Ctrl-C handling and the
// bundle description — and the CSV case, used by `ae train <csv>` and by `ae scan <csv>`
// without --model (fit on the file itself, as the seed does).
import { openSource } from '../../data/input.js';
import { readSamples, type SampleSet, type SampleSpec } from '../../data/samples.js';
import type { ScalerKind } from '../../data/scalers.js';
import { describeScores } from '../../detect/stats.js';
import { resolveThresholds } from '../../detect/thresholds.js';
import { defaultEncoder, mirrorLayers, type Architecture, type OutputActivation } from '../../model/autoencoder.js';
import { describeBundle, type BundleMeta } from '../../model/bundle.js';
import { fitAutoencoder, type FitOptions, type Fitted, type TrainingSettings } from '../../model/fit.js';
import { InputError } from '../../errors.js';
import type { Context } from '../context.js';
import { epochProgress } from '../progress.js';
import { thresholdRequest, type ThresholdFlags } from './option-groups.js';

/** What fitting a CSV takes from the command line (train <csv>, scan without --model). */
export interface CsvFitFlags extends TrainingSettings, ThresholdFlags {
  layers?: number[];
  scale: ScalerKind;
  outputActivation: OutputActivation;
}

export interface CsvFit extends Fitted {
  samples: SampleSet;
  meta: BundleMeta;
}

export async function fitCsv(
  ctx: Context,
  file: string,
  spec: SampleSpec,
  f: CsvFitFlags & ThresholdFlags,
): Promise<CsvFit> {
  const samples = await readSamples(await openSource(file, ctx.io.stdin), spec);
  if (samples.count < 2) throw new InputError(`only ${samples.count} sample(s); need at least 2 to train`, { file });
  if (samples.skippedColumns.length) {
    ctx.log.info(`ae: skipping non-numeric column(s) ${samples.skippedColumns.map((c) => c.name).join(', ')}`);
  }
  if (samples.skipped.length) ctx.log.warn(`skipped ${samples.skipped.length} invalid row(s)`);
  const backend = await ctx.backend('train');
  const architecture: Architecture = {
    layers: mirrorLayers(samples.width, f.layers ?? defaultEncoder(samples.width)),
    activation: 'relu',
    outputActivation: f.outputActivation,
    loss: 'meanSquaredError',
  };
  ctx.log.info(`ae: training ${architecture.layers.join('-')} on ${samples.count} samples (${backend.backend})`);
  const fitted = await fitWithProgress(ctx, samples.values, samples.width, { ...f, architecture, scaler: f.scale });
  const scores = describeScores(fitted.trainScores);
  const input: BundleMeta['input'] = spec.window
    ? { kind: 'windows', width: samples.width, header: samples.header, window: spec.window }
    : { kind: 'rows', width: samples.width, header: samples.header, columns: samples.columns };
  const thresholds = resolveThresholds(thresholdRequest(f), scores);
  const meta = describeBundle(backend, fitted, {
    input,
    architecture,
    settings: f,
    samples: samples.count,
    scores,
    thresholds,
  });
  return { ...fitted, samples, meta };
}

/** Trains with the per-epoch progress display; Ctrl-C stops after the current epoch. */
export async function fitWithProgress(
  ctx: Context,
  values: Float32Array,
  width: number,
  opts: Omit<FitOptions, 'onEpoch' | 'shouldStop'>,
): Promise<Fitted> {
  const progress = epochProgress(ctx.io, ctx.log, opts.epochs);
  return withInterrupt(ctx, (stopped) =>
    fitAutoencoder(values, width, { ...opts, onEpoch: (e) => progress.update(e), shouldStop: stopped }),
  ).finally(() => progress.stop());
}

/** Runs `work` with Ctrl-C turned into a "stop after this epoch" request; a second Ctrl-C aborts. */
export async function withInterrupt<T>(ctx: Context, work: (stopped: () => boolean) => Promise<T>): Promise<T> {
  let stop = false;
  const off = ctx.io.onInterrupt(() => {
    if (stop) ctx.io.abort(130);
    stop = true;
    ctx.log.warn('interrupted: stopping after the current epoch (Ctrl-C again to abort)');
  });
  try {
    return await work(() => stop);
  } finally {
    off();
  }
}

export function trainingSummary(t: Fitted['training']) {
  return {
    epochs: t.epochs,
    seconds: round(t.seconds, 3),
    secondsPerEpoch: round(t.secondsPerEpoch, 4),
    loss: t.loss.at(-1) ?? null,
    valLoss: t.valLoss.at(-1) ?? null,
    interrupted: t.interrupted,
  };
}

export const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
