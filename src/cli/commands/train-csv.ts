// The work behind `ae train <csv>`: fit (the core's fitFile), then save the bundle atomically
// with the training rows scored as a scan of them would be.
import path from 'node:path';
import { InterruptedError } from '../../errors.js';
import { StagedDir } from '../../io/atomic.js';
import { readLabels } from '../../data/labels.js';
import { fitFile } from '../../scan/fit-file.js';
import { scoreTraining } from '../../scan/score-training.js';
import { OUTPUT_FORMAT_VERSION } from '../../version.js';
import type { Context } from '../context.js';
import { printJson } from '../output.js';
import { cliNotes, training, trainingSummary, withInterrupt, writeLossCurve } from './fitting.js';
import { describeEvaluation } from './scan-print.js';
import { writeScanFiles } from './scan-output.js';
import { finishRunFolder } from './run-record.js';
import { heapKeeper } from '../heap.js';
import { detectorOptions, sampleSpec, thresholdRequest, thresholdSettings } from './option-groups.js';
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
  let dispose: (() => void) | null = null;
  try {
    const fitting = training(ctx, flags.epochs);
    const fit = await withInterrupt(ctx, (stopped) =>
      fitFile(
        file,
        spec,
        {
          ...detectorOptions(flags),
          ...thresholdSettings(flags),
          ...(flags.likelihood !== undefined ? { likelihood: flags.likelihood } : {}),
          shouldStop: stopped,
          onEpoch: fitting.onEpoch,
          onEstimate: fitting.onEstimate,
        },
        { ...fitting.hooks, stdin: ctx.io.stdin, notes: cliNotes(ctx) },
      ),
    ).finally(() => fitting.stop());
    const { detector, samples } = fit;
    dispose = () => detector.dispose();
    const trained = detector.fitted!.training;
    await detector.saveInto(staged.path);
    await writeLossCurve(staged.path, trained);
    // The training rows, scored and judged by the stored thresholds, as a scan of them would:
    // scores.csv, flagged.json, the histogram and series plots, metrics.json with --labels.
    const result = await scoreTraining(fit, {
      file,
      keepScores: true,
      keepFlagged: true,
      plot: true,
      model: { dir: out, backend: detector.meta.backend, trained: true },
      afterBatch: heapKeeper(),
      ...(labels ? { labels: { labels, file: flags.labels! } } : {}),
    });
    await writeScanFiles(staged, result);
    const meta = detector.meta;
    const summary = {
      version: OUTPUT_FORMAT_VERSION,
      backend: meta.backend,
      data: file,
      input: { samples: samples.count, width: samples.width, skipped: samples.skipped.map((s) => s.index) },
      training: trainingSummary(trained),
      thresholds: meta.thresholds,
      scores: { min: meta.scores.min, median: meta.scores.median, max: meta.scores.max },
      outDir: out,
      counts: result.counts,
      ...(result.metrics ? { metrics: result.metrics } : {}),
    };
    await finishRunFolder(ctx, staged, 'train', summary);
    await staged.commit();
    if (result.metrics && !flags.json) ctx.log.info(describeEvaluation(result.metrics));
    if (flags.json) printJson(ctx.io, summary);
    else
      ctx.log.info(
        `ae: trained on ${meta.training.samples as number} samples in ${summary.training.seconds}s; model saved to ${out}`,
      );
    if (trained.interrupted)
      throw new InterruptedError(
        `after epoch ${trained.epochs}; the model so far is saved in ${out} (marked interrupted)`,
      );
  } catch (err) {
    if (err instanceof InterruptedError) throw err;
    throw await staged.abandon(err);
  } finally {
    dispose?.();
  }
}
