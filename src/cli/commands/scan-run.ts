// The work behind `ae scan`: stream-score with a bundle, or fit on the file and score it.
import { AnomaliesFoundError, InputError, InterruptedError, UsageError } from '../../errors.js';
import { flagFor } from '../exit.js';
import { openSource, peekEmpty, type Source } from '../../data/input.js';
import { readLabels } from '../../data/labels.js';
import type { Batch } from '../../data/batch.js';
import { streamSamples, type SampleSpec } from '../../data/samples.js';
import { streamSamplesInWorker, type ReaderInfo } from '../../data/parallel.js';
import { applyScaler } from '../../data/scalers.js';
import { StagedDir, assertRunFolderWritable } from '../../io/atomic.js';
import { sampleSpecFor } from '../../model/bundle-input.js';
import type { Context } from '../context.js';
import { resolveThresholds } from '../../detect/thresholds.js';
import type { ScanFlags } from './scan-options.js';
import { ScanCollector } from './scan-output.js';
import { sampleSpec, thresholdRequest } from './option-groups.js';

export async function runScan(
  ctx: Context,
  file: string,
  flags: ScanFlags,
  given: (option: string) => boolean = () => false,
): Promise<void> {
  const spec = sampleSpec(flags);
  const request = thresholdRequest(flags); // usage errors now, not after training
  const inputs = [file, ...(flags.model ? [flags.model] : []), ...(flags.labels ? [flags.labels] : [])].filter(
    (f) => f !== '-',
  );
  const labels = flags.labels ? await readLabels(flags.labels) : null; // a bad label file fails before any work
  if (flags.out) await assertRunFolderWritable(flags.out, flags.force === true, inputs);
  const collector = new ScanCollector(ctx, {
    file,
    ndjson: flags.ndjson === true,
    keepScores: flags.out !== undefined || flags.labels !== undefined,
    keepFlagged: flags.json === true || flags.out !== undefined,
  });
  let staged: StagedDir | null = null;
  let model: { dispose(): void } | null = null; // disposed at the end: library callers scan many times
  let interrupted = false;
  try {
    if (flags.model) {
      refuseTrainingOptions(given);
      const input = await peekEmpty(file, ctx.io.stdin);
      if (input.empty) {
        // Before TensorFlow loads: an empty partition of a piped scan costs nothing.
        ctx.log.info(`ae: note: ${file === '-' ? 'stdin' : file} is empty: nothing to score`);
        collector.begin({}, { dir: flags.model, trained: false });
        collector.print(flags.json === true);
        return;
      }
      // TensorFlow (and what imports it) loads only now, after the cheap checks above.
      const [{ loadBundle }, { scoreRows }] = await Promise.all([
        import('../../model/bundle.js'),
        import('../../model/score.js'),
      ]);
      const backend = await ctx.backend();
      const bundle = await loadBundle(flags.model);
      model = bundle.model;
      const thresholds = resolveThresholds(request, bundle.meta.scores, bundle.meta.thresholds);
      const { explainRows, columnNamer } = await import('../../model/explain.js');
      const namer = flags.explain ? columnNamer(bundle.meta.input) : null;
      collector.begin(thresholds, { dir: flags.model, backend: backend.backend, trained: false });
      const stream = await openStream(ctx, file, sampleSpecFor(bundle.meta, spec), input.source);
      for await (const b of stream.batches) {
        if (b.width !== bundle.meta.input.width) {
          throw new InputError(`has ${b.width} columns per sample; the model expects ${bundle.meta.input.width}`, {
            file,
          });
        }
        // In place: the batch is ours, and not copying it keeps memory flat.
        const scaled = applyScaler(bundle.meta.preprocessing.scaler, b.values.subarray(0, b.count * b.width));
        const scores = scoreRows(bundle.model, scaled, b.width, bundle.meta.score ?? 'mse');
        const why = flags.explain
          ? (rows: number[]) =>
              explainRows(bundle.model, bundle.meta.preprocessing.scaler, scaled, b.width, rows, flags.explain!, namer!)
          : undefined;
        await collector.add(b, scores, why);
      }
      const info = stream.info();
      collector.finishInput(info);
      if (labels) collector.evaluate(labels, flags.labels!);
      if (info.matchedBy === 'position') {
        ctx.log.info(
          `ae: note: ${file === '-' ? 'stdin' : file} has no header: the model's columns are taken by position`,
        );
      }
      if (flags.out) {
        staged = await StagedDir.create(flags.out, flags.force === true, inputs);
        await collector.writeFiles(staged);
      }
    } else {
      const { fitCsv, trainingSummary, writeLossCurve } = await import('./fitting.js');
      const fit = await fitCsv(ctx, file, spec, flags);
      model = fit.model;
      interrupted = fit.training.interrupted;
      collector.begin(fit.meta.thresholds, {
        dir: flags.out ?? null,
        backend: fit.meta.backend,
        trained: true,
        training: trainingSummary(fit.training),
      });
      const s = fit.samples;
      const { explainRows, columnNamer } = await import('../../model/explain.js');
      const scaled = flags.explain ? applyScaler(fit.scaler, s.values.slice()) : null;
      const namer = columnNamer(fit.meta.input);
      const why = scaled
        ? (rows: number[]) => explainRows(fit.model, fit.scaler, scaled, s.width, rows, flags.explain!, namer)
        : undefined;
      await collector.add(s, fit.trainScores, why);
      collector.finishSamples(s);
      if (labels) collector.evaluate(labels, flags.labels!);
      if (flags.out) {
        const { saveBundle } = await import('../../model/bundle.js');
        staged = await StagedDir.create(flags.out, flags.force === true, inputs);
        await saveBundle(staged.path, fit.model, fit.meta);
        await writeLossCurve(staged.path, fit.training);
        const windows = s.start && s.end ? { start: s.start, end: s.end, lineIds: s.lineIds } : undefined;
        await collector.writeFiles(staged, s.values, windows);
      }
    }
    if (staged) await staged.commit();
  } catch (err) {
    if (staged) throw await staged.abandon(err);
    throw err;
  } finally {
    model?.dispose();
  }
  collector.print(flags.json === true);
  if (interrupted) {
    throw new InterruptedError(
      `interrupted: scores are from the model as of the last completed epoch${flags.out ? `; saved ${flags.out} (marked interrupted)` : ''}`,
    );
  }
  if (flags.failOnAnomaly && collector.flaggedCount > 0) throw new AnomaliesFoundError(collector.flaggedCount);
}

/**
 * A file is parsed on a worker thread (overlapping with scoring); stdin on this thread.
 * The path is checked here first so its errors read the same either way.
 */
async function openStream(
  ctx: Context,
  file: string,
  spec: SampleSpec,
  peeked?: Source,
): Promise<{ batches: AsyncIterable<Batch>; info: () => ReaderInfo }> {
  if (file === '-') {
    const { reader, batches } = streamSamples(peeked ?? (await openSource(file, ctx.io.stdin)), spec);
    return { batches, info: () => reader };
  }
  (await openSource(file)).stream.destroy(); // the path's errors read the same either way
  return streamSamplesInWorker(file, spec);
}

/** Options that only shape training do nothing with a trained bundle: say so instead of ignoring them. */
const TRAINING_ONLY = [
  'layers',
  'epochs',
  'batchSize',
  'validationSplit',
  'validation',
  'learningRate',
  'seed',
  'scale',
  'outputActivation',
  'score',
  'earlyStopping',
];

function refuseTrainingOptions(given: (option: string) => boolean): void {
  const used = TRAINING_ONLY.find(given);
  if (used) throw new UsageError(`${flagFor(used)} has no effect with --model (the bundle is already trained)`);
}
