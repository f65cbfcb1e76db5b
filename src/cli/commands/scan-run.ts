// The work behind `ae scan`: stream-score with a bundle, or fit on the file and score it.
import { AnomaliesFoundError, InputError, InterruptedError, UsageError } from '../../errors.js';
import { flagFor } from '../exit.js';
import { openSource, peekEmpty, type Source } from '../../data/input.js';
import { readLabels } from '../../data/labels.js';
import type { Batch } from '../../data/batch.js';
import { csvOptionsFor, streamSamples, type SampleSpec } from '../../data/samples.js';
import { streamSamplesInWorker, type ReaderInfo } from '../../data/parallel.js';
import { applyScaler } from '../../data/scalers.js';
import { StagedDir, assertRunFolderWritable } from '../../io/atomic.js';
import { sampleSpecFor } from '../../model/bundle-input.js';
import type { Context } from '../context.js';
import { resolveThresholds } from '../../detect/thresholds.js';
import type { ScanFlags } from './scan-options.js';
import { ScanCollector } from './scan-output.js';
import { finishRunFolder } from './run-record.js';
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
    plot: flags.out !== undefined,
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
      const [{ readBundleFiles }, { chooseScorer }, { explainRows, columnNamer }] = await Promise.all([
        import('../../model/bundle-files.js'),
        import('./scan-scorer.js'),
        import('../../model/explain.js'),
      ]);
      const files = await readBundleFiles(flags.model);
      const meta = files.meta;
      // The plain JS pass, or a tfjs backend when asked for or when the input is large.
      const scorer = await chooseScorer(ctx, files, { name: file, size: input.size });
      model = scorer;
      const thresholds = resolveThresholds(request, meta.scores, meta.thresholds);
      const namer = flags.explain ? columnNamer(meta.input) : null;
      const modelInfo = { dir: flags.model, backend: scorer.name, trained: false };
      collector.begin(thresholds, modelInfo);
      const stream = await openStream(ctx, file, sampleSpecFor(meta, spec), input);
      for await (const b of stream.batches) {
        if (b.width !== meta.input.width) {
          throw new InputError(`has ${b.width} columns per sample; the model expects ${meta.input.width}`, {
            file,
          });
        }
        // The plots draw raw values; without --out nothing needs them.
        const raw = flags.out ? b.values.slice(0, b.count * b.width) : undefined;
        // In place: the batch is ours, and not copying it keeps memory flat.
        const scaled = applyScaler(meta.preprocessing.scaler, b.values.subarray(0, b.count * b.width));
        const scores = (await scorer.next(b.count)).score(scaled);
        const why = flags.explain
          ? (rows: number[]) =>
              explainRows(
                scorer.plain.reconstruct,
                meta.preprocessing.scaler,
                scaled,
                b.width,
                rows,
                flags.explain!,
                namer!,
              )
          : undefined;
        await collector.add(b, scores, why, raw);
      }
      modelInfo.backend = scorer.name;
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
      const [{ explainRows, columnNamer }, { reconstruct }] = await Promise.all([
        import('../../model/explain.js'),
        import('../../model/score.js'),
      ]);
      const scaled = flags.explain ? applyScaler(fit.scaler, s.values.slice()) : null;
      const namer = columnNamer(fit.meta.input);
      const recon = (x: Float32Array) => reconstruct(fit.model, x, s.width);
      const why = scaled
        ? (rows: number[]) => explainRows(recon, fit.scaler, scaled, s.width, rows, flags.explain!, namer)
        : undefined;
      await collector.add(s, fit.trainScores, why);
      collector.finishSamples(s);
      if (labels) collector.evaluate(labels, flags.labels!);
      if (flags.out) {
        const { saveBundle } = await import('../../model/bundle.js');
        staged = await StagedDir.create(flags.out, flags.force === true, inputs);
        await saveBundle(staged.path, fit.model, fit.meta);
        await writeLossCurve(staged.path, fit.training);
        await collector.writeFiles(staged);
      }
    }
    if (staged) {
      await finishRunFolder(ctx, staged, 'scan', collector.summary());
      await staged.commit();
    }
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
 * Files below this size are parsed on this thread: starting a worker (~80 ms, measured on a
 * 100-row scan) costs more than the overlap with scoring can win back.
 */
const WORKER_MIN_BYTES = 1 << 20;

/**
 * From this size rows are parsed by two workers, each taking every other 8 MiB chunk (parsing
 * is a scan's bottleneck: one parser thread ran at ~60 MB/s while scoring waited on it).
 */
const CHUNKED_MIN_BYTES = 32 << 20;

/**
 * A file is parsed on a worker thread (overlapping with scoring); stdin and small files on this
 * thread. The path is checked here first so its errors read the same either way.
 */
async function openStream(
  ctx: Context,
  file: string,
  spec: SampleSpec,
  peeked: { source?: Source; size: number | null },
): Promise<{ batches: AsyncIterable<Batch>; info: () => ReaderInfo }> {
  const source = peeked.source ?? (await openSource(file, ctx.io.stdin)); // the path's errors read the same either way
  const size = peeked.size ?? 0;
  if (file === '-' || size < WORKER_MIN_BYTES) {
    const { reader, batches } = streamSamples(source, spec);
    return { batches, info: () => reader };
  }
  source.stream.destroy();
  if (size >= CHUNKED_MIN_BYTES && !spec.window) {
    const { canReadInChunks, streamRowsInWorkers } = await import('../../data/parallel-chunks.js');
    if (await canReadInChunks(file)) return streamRowsInWorkers(file, size, csvOptionsFor(spec));
  }
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
