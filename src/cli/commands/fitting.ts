// Training as every command does it — with the progress display, Ctrl-C handling and the
// bundle description — and the CSV case, used by `ae train <csv>` and by `ae scan <csv>`
// without --model (fit on the file itself, as the seed does).
import { openSource } from '../../data/input.js';
import { readSamples, type SampleSet, type SampleSpec } from '../../data/samples.js';
import type { ScalerKind } from '../../data/scalers.js';
import { describeScores } from '../../detect/stats.js';
import { resolveThresholds } from '../../detect/thresholds.js';
import { defaultEncoder, mirrorLayers, type Architecture, type OutputActivation } from '../../model/autoencoder.js';
import type { ScoreKind } from '../../model/architecture.js';
import { describeBundle, type BundleMeta } from '../../model/bundle.js';
import { fitAutoencoder, type FitOptions, type Fitted, type TrainingSettings } from '../../model/fit.js';
import { InputError, UsageError } from '../../errors.js';
import type { Context } from '../context.js';
import { epochProgress } from '../progress.js';
import { thresholdRequest, type ThresholdFlags } from './option-groups.js';

/** What fitting a CSV takes from the command line (train <csv>, scan without --model). */
export interface CsvFitFlags extends TrainingSettings, ThresholdFlags {
  score: ScoreKind;
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
  flags: CsvFitFlags & ThresholdFlags,
): Promise<CsvFit> {
  const samples = await readSamples(await openSource(file, ctx.io.stdin), spec);
  checkTrainable(file, spec, samples);
  if (samples.skippedColumns.length) {
    const names = samples.skippedColumns.map((c) => c.name).join(', ');
    ctx.log.info(`ae: skipping non-numeric column(s) ${names} (carry one into the outputs with --id)`);
  }
  const blank = samples.skipped.filter((k) => k.reason === 'blank line').length;
  if (samples.skipped.length > blank) ctx.log.warn(`skipped ${samples.skipped.length - blank} invalid row(s)`);
  if (blank) ctx.log.info(`ae: ${blank} blank line(s) (reported as skipped records)`);
  const backend = await ctx.backend('train');
  const architecture: Architecture = {
    layers: mirrorLayers(samples.width, flags.layers ?? defaultEncoder(samples.width)),
    activation: 'relu',
    outputActivation: flags.outputActivation,
    loss: 'meanSquaredError',
  };
  ctx.log.info(`ae: training ${architecture.layers.join('-')} on ${samples.count} samples (${backend.backend})`);
  const fitted = await fitWithProgress(ctx, samples.values, samples.width, {
    ...flags,
    architecture,
    scaler: flags.scale,
  });
  const scores = describeScores(fitted.trainScores);
  const input: BundleMeta['input'] = spec.window
    ? { kind: 'windows', width: samples.width, header: samples.header, window: spec.window }
    : { kind: 'rows', width: samples.width, header: samples.header, columns: samples.columns };
  const thresholds = resolveThresholds(thresholdRequest(flags), scores);
  const meta = describeBundle(backend, fitted, {
    input,
    architecture,
    score: flags.score,
    settings: flags,
    samples: samples.count,
    scores,
    thresholds,
  });
  return { ...fitted, samples, meta };
}

/** Training needs at least two samples, and a one-column file is a series that wants windows. */
function checkTrainable(file: string, spec: SampleSpec, samples: SampleSet): void {
  if (spec.window && samples.count < 2) {
    const { size } = spec.window;
    throw new InputError(
      samples.count === 0
        ? `--window ${size} is longer than the series (${samples.rows} values)`
        : `only one window of ${size} fits in the series (${samples.rows} values); training needs at least two`,
      { file },
      'choose a smaller --window or --stride',
    );
  }
  if (!spec.window && samples.width === 1) {
    const column = samples.columns[0]?.name ?? '1';
    throw new UsageError(
      `${file} has one numeric column: a 1-1-1 network learns nothing`,
      `for one long series, cut it into windows: --column ${JSON.stringify(column)} --window 50`,
    );
  }
  if (samples.count < 2) throw new InputError(`only ${samples.count} sample(s); need at least 2 to train`, { file });
}

/** Trains with the per-epoch progress display; Ctrl-C stops after the current epoch. */
export async function fitWithProgress(
  ctx: Context,
  values: Float32Array,
  width: number,
  opts: Omit<FitOptions, 'onEpoch' | 'shouldStop'>,
): Promise<Fitted> {
  if (opts.earlyStopping && !(opts.validationSplit > 0)) {
    throw new UsageError('--early-stopping needs validation rows (--validation-split > 0)');
  }
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
    ...(t.bestEpoch !== undefined ? { bestEpoch: t.bestEpoch, stoppedEarly: t.stoppedEarly === true } : {}),
  };
}

export const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

/** loss.vl.json / .svg / .png in a run folder: the loss per epoch, and the kept epoch with early stopping. */
export async function writeLossCurve(dir: string, t: Fitted['training']): Promise<void> {
  if (t.loss.length === 0) return;
  const [{ lossCurveSpec }, { writeChart }] = await Promise.all([
    import('../../report/loss-curve.js'),
    import('../../report/render.js'),
  ]);
  await writeChart(dir, 'loss', lossCurveSpec(t.loss, t.valLoss, t.bestEpoch));
}
