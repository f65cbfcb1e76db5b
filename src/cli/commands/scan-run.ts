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
  o: ScanFlags,
  given: (option: string) => boolean = () => false,
): Promise<void> {
  const spec = sampleSpec(o);
  const request = thresholdRequest(o); // usage errors now, not after training
  const inputs = [file, ...(o.model ? [o.model] : []), ...(o.labels ? [o.labels] : [])].filter((f) => f !== '-');
  const labels = o.labels ? await readLabels(o.labels) : null; // a bad label file fails before any work
  if (o.out) await assertRunFolderWritable(o.out, o.force === true, inputs);
  const collector = new ScanCollector(ctx, {
    file,
    ndjson: o.ndjson === true,
    keepScores: o.out !== undefined || o.labels !== undefined,
    keepFlagged: o.json === true || o.out !== undefined,
  });
  let staged: StagedDir | null = null;
  let model: { dispose(): void } | null = null; // disposed at the end: library callers scan many times
  let interrupted = false;
  try {
    if (o.model) {
      refuseTrainingOptions(given);
      const input = await peekEmpty(file, ctx.io.stdin);
      if (input.empty) {
        // Before TensorFlow loads: an empty partition of a piped scan costs nothing.
        ctx.log.info(`ae: note: ${file === '-' ? 'stdin' : file} is empty: nothing to score`);
        collector.begin({}, { dir: o.model, trained: false });
        collector.print(o.json === true);
        return;
      }
      // TensorFlow (and what imports it) loads only now, after the cheap checks above.
      const [{ loadBundle }, { scoreRows }] = await Promise.all([
        import('../../model/bundle.js'),
        import('../../model/score.js'),
      ]);
      const backend = await ctx.backend();
      const bundle = await loadBundle(o.model);
      model = bundle.model;
      const thresholds = resolveThresholds(request, bundle.meta.scores, bundle.meta.thresholds);
      const { explainRows, columnNamer } = await import('../../model/explain.js');
      const namer = o.explain ? columnNamer(bundle.meta.input) : null;
      collector.begin(thresholds, { dir: o.model, backend: backend.backend, trained: false });
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
        const why = o.explain
          ? (rows: number[]) =>
              explainRows(bundle.model, bundle.meta.preprocessing.scaler, scaled, b.width, rows, o.explain!, namer!)
          : undefined;
        await collector.add(b, scores, why);
      }
      const info = stream.info();
      collector.finishInput(info);
      if (labels) collector.evaluate(labels, o.labels!);
      if (info.matchedBy === 'position') {
        ctx.log.info(
          `ae: note: ${file === '-' ? 'stdin' : file} has no header: the model's columns are taken by position`,
        );
      }
      if (o.out) {
        staged = await StagedDir.create(o.out, o.force === true, inputs);
        await collector.writeFiles(staged);
      }
    } else {
      const { fitCsv, trainingSummary } = await import('./fitting.js');
      const fit = await fitCsv(ctx, file, spec, o);
      model = fit.model;
      interrupted = fit.training.interrupted;
      collector.begin(fit.meta.thresholds, {
        dir: o.out ?? null,
        backend: fit.meta.backend,
        trained: true,
        training: trainingSummary(fit.training),
      });
      const s = fit.samples;
      const { explainRows, columnNamer } = await import('../../model/explain.js');
      const scaled = o.explain ? applyScaler(fit.scaler, s.values.slice()) : null;
      const namer = columnNamer(fit.meta.input);
      const why = scaled
        ? (rows: number[]) => explainRows(fit.model, fit.scaler, scaled, s.width, rows, o.explain!, namer)
        : undefined;
      await collector.add(s, fit.trainScores, why);
      collector.finishSamples(s);
      if (labels) collector.evaluate(labels, o.labels!);
      if (o.out) {
        const { saveBundle } = await import('../../model/bundle.js');
        staged = await StagedDir.create(o.out, o.force === true, inputs);
        await saveBundle(staged.path, fit.model, fit.meta);
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
  collector.print(o.json === true);
  if (interrupted) {
    throw new InterruptedError(
      `interrupted: scores are from the model as of the last completed epoch${o.out ? `; saved ${o.out} (marked interrupted)` : ''}`,
    );
  }
  if (o.failOnAnomaly && collector.flaggedCount > 0) throw new AnomaliesFoundError(collector.flaggedCount);
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
