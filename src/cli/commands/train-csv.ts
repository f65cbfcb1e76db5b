// The work behind `ae train <csv>`: fit, then save the bundle atomically.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { readLabels } from '../../data/labels.js';
import { InterruptedError } from '../../errors.js';
import { StagedDir } from '../../io/atomic.js';
import { OUTPUT_FORMAT_VERSION } from '../../version.js';
import type { Context } from '../context.js';
import { printJson } from '../output.js';
import { fitCsv, trainingSummary, writeLossCurve } from './fitting.js';
import { describeEvaluation } from './scan-evaluation.js';
import { ScanCollector } from './scan-output.js';
import { finishRunFolder } from './run-record.js';
import { sampleSpec, thresholdRequest } from './option-groups.js';
import type { TrainFlags } from './train-options.js';

export async function trainCsv(ctx: Context, file: string, flags: TrainFlags): Promise<void> {
  const spec = sampleSpec(flags);
  thresholdRequest(flags); // usage errors now, not after training
  const out =
    flags.out ?? path.join('runs', file === '-' ? 'stdin' : path.basename(file).replace(/\.csv(\.gz)?$/i, ''));
  const labels = flags.labels ? await readLabels(flags.labels) : null; // a bad label file fails before training
  const staged = await StagedDir.create(
    out,
    flags.force === true,
    [file, ...(flags.labels ? [flags.labels] : [])].filter((f) => f !== '-'),
  );
  let model: { dispose(): void } | null = null;
  try {
    const fit = await fitCsv(ctx, file, spec, flags);
    model = fit.model;
    const { saveBundle } = await import('../../model/bundle.js');
    await saveBundle(staged.path, fit.model, fit.meta);
    await writeLossCurve(staged.path, fit.training);
    // The training rows, scored and judged by the stored thresholds, as a scan of them would:
    // scores.csv, flagged.json, the histogram and series plots, metrics.json with --labels.
    const collector = new ScanCollector(ctx, { file, ndjson: false, keepScores: true, keepFlagged: true, plot: true });
    collector.begin(fit.meta.thresholds, { dir: out, backend: fit.meta.backend, trained: true });
    await collector.add(fit.samples, fit.trainScores);
    collector.finishSamples(fit.samples);
    const metrics = labels ? collector.evaluate(labels, flags.labels!) : null;
    await collector.writeFiles(staged);
    const summary = {
      version: OUTPUT_FORMAT_VERSION,
      backend: fit.meta.backend,
      data: file,
      input: { samples: fit.samples.count, width: fit.samples.width, skipped: fit.samples.skipped.map((s) => s.index) },
      training: trainingSummary(fit.training),
      thresholds: fit.meta.thresholds,
      scores: { min: fit.meta.scores.min, median: fit.meta.scores.median, max: fit.meta.scores.max },
      outDir: out,
      counts: collector.counts,
      ...(metrics ? { metrics } : {}),
    };
    await finishRunFolder(ctx, staged, 'train', summary);
    await staged.commit();
    if (metrics && !flags.json) ctx.log.info(describeEvaluation(metrics));
    if (flags.json) printJson(ctx.io, summary);
    else
      ctx.log.info(
        `ae: trained on ${fit.samples.count} samples in ${summary.training.seconds}s; model saved to ${out}`,
      );
    if (fit.training.interrupted)
      throw new InterruptedError(`interrupted after epoch ${fit.training.epochs}; saved ${out} (marked interrupted)`);
  } catch (err) {
    if (err instanceof InterruptedError) throw err;
    throw await staged.abandon(err);
  } finally {
    model?.dispose();
  }
}
