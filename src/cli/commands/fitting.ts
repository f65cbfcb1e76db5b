// Training as every command shows it: notes on stderr, the per-epoch progress display (started
// when training starts, after the backend has loaded), and Ctrl-C turned into "stop after this
// epoch". The fitting itself is the core's (scan/fit-file.ts, scan/fit-detector.ts).
import type { FitHooks } from '../../scan/fit-detector.js';
import type { Notes } from '../../scan/notes.js';
import type { FitOptions, Fitted } from '../../model/fit.js';
import type { EpochLog, TrainingEstimate, TrainResult } from '../../model/train-types.js';
import { UsageError } from '../../errors.js';
import type { Context } from '../context.js';
import { epochProgress, type EpochProgress } from '../progress.js';

export { round, trainingSummary } from '../../scan/training-summary.js';

/** The core's notes and warnings, on stderr. */
export function cliNotes(ctx: Context): Notes {
  return { note: (m) => ctx.log.info(`ae: ${m}`), warn: (m) => ctx.log.warn(m) };
}

/** How a command trains: the backend as the CLI loads it, the start line, the progress display. */
export interface Training {
  hooks: FitHooks;
  onEpoch: (e: EpochLog) => void;
  onEstimate: (e: TrainingEstimate) => void;
  stop(): void;
}

/** What shortens a fit, as flags of the command that trains (ae watch has only --epochs). */
export const SHORTER_FIT = ['--max-steps N', '--max-windows N', '--epochs N', '--early-stopping N'];

export function training(ctx: Context, epochs: number, shorter = SHORTER_FIT): Training {
  let progress: EpochProgress | null = null;
  return {
    hooks: {
      loadBackend: () => ctx.backend('train'),
      onStart: (architecture, samples, backend) => {
        const parts = architecture.parts
          ? ` (${architecture.parts.length} autoencoders side by side, inputs ${architecture.parts.join(' and ')})`
          : '';
        ctx.log.info(
          `ae: training ${architecture.layers.join('-')}${parts} on ${samples} samples (${backend.backend})`,
        );
        progress = epochProgress(ctx.io, ctx.log, epochs);
      },
    },
    onEpoch: (e) => progress?.update(e),
    onEstimate: (e) => {
      const line = estimateLine(e, process.memoryUsage().rss, shorter);
      if (line) ctx.log.info(line);
    },
    stop: () => progress?.stop(),
  };
}

const orList = (xs: string[]) => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} or ${xs.at(-1)}` : xs[0]!);

/** A long fit (over a minute) says early how long it will take, and what makes it shorter. */
export function estimateLine(e: TrainingEstimate, rssBytes: number, shorter = SHORTER_FIT): string | null {
  const total = e.secondsPerEpoch * e.epochs;
  if (total < 60) return null;
  const span = (s: number) =>
    s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;
  return (
    `ae: about ${span(e.secondsPerEpoch)} an epoch, ${span(total)} for ${e.epochs} (timed on the first ${e.batches} batches); ` +
    `${(rssBytes / 2 ** 30).toFixed(2)} GB resident. Shorter: ${orList(shorter)}; ` +
    'Ctrl-C stops after the current epoch and keeps the model'
  );
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
  const { fitAutoencoder } = await import('../../model/fit.js');
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

/** loss.vl.json / .svg / .png in a run folder: the loss per epoch, and the kept epoch with early stopping. */
export async function writeLossCurve(dir: string, t: TrainResult): Promise<void> {
  if (t.loss.length === 0) return;
  const [{ lossCurveSpec }, { writeChart }] = await Promise.all([
    import('../../report/loss-curve.js'),
    import('../../report/render.js'),
  ]);
  await writeChart(dir, 'loss', lossCurveSpec(t.loss, t.valLoss, t.bestEpoch));
}
