// What `ae scan FILE --model DIR` runs: a CSV (a path, `-` for a stream) read in bounded memory —
// on this thread for stdin and small files, on a parser worker for larger ones, on two workers
// in chunks for large plain files — scored batch by batch with a detector, records handed to
// the caller as they are made, and what the scan found returned at the end.
import type { Readable } from 'node:stream';
import type { Batch } from '../data/batch.js';
import { abortableSource, openSource, peekEmpty, type Source } from '../data/input.js';
import type { Labels } from '../data/labels.js';
import { encodeBatch, isCategorical } from '../data/onehot.js';
import { widenBatch } from '../data/window-lengths.js';
import type { BundleMeta } from '../model/bundle-meta.js';
import { streamSamplesInWorker, type ReaderInfo } from '../data/parallel.js';
import { csvOptionsFor, streamSamples, windowShape, type SampleSpec } from '../data/samples.js';
import { sampleSpecFor } from '../model/bundle-input.js';
import { FilledCells } from '../data/filled.js';
import { ScanCollector } from './collector.js';
import type { CollectOptions, RecordSink, ScanResult } from './scan-result.js';
import { modelShape, type Detector } from './detector.js';
import { renamedNote, SILENT, timeColumnNote, type Notes } from './notes.js';
import type { BackendChoice } from './scorer-choice.js';
import { collectRules, type ScanRules } from './rules.js';
import type { RelearnOption } from './relearn.js';

export interface ScanOptions {
  /** How the file is read (header, skipInvalid, id; columns or a window override the model's). */
  read?: SampleSpec;
  /** The stream `-` stands for. */
  stdin?: Readable;
  /** Receives each batch's records as they are scored (back-pressure: a promise is awaited). */
  onRecords?: RecordSink;
  explain?: number;
  labels?: { labels: Labels; file: string };
  /** Keep every score (default: only with labels) and every flagged record (default true). */
  keepScores?: boolean;
  keepFlagged?: boolean;
  /** Keep what the plots draw. */
  plot?: boolean;
  backend?: BackendChoice;
  notes?: Notes;
  /** A record per row for windows, the likelihood rule, incidents (rules.ts). */
  rules?: ScanRules;
  /** Ends reading as at the end of the input (Ctrl-C, SIGTERM): what arrived is scored. */
  signal?: AbortSignal;
  /** Going on from an earlier stream (collector.ts): its rules' state and repeated lines. */
  resume?: CollectOptions['resume'];
  /** The input as a stream already opened (read on this thread, named as `file`). */
  source?: Source;
  /** Learning after probation (relearn.ts): the detector's model is refitted as it goes. */
  relearn?: RelearnOption;
}

/**
 * Files below this size are parsed on this thread: starting a worker (~80 ms, measured on a
 * 100-row scan) costs more than the overlap with scoring can win back.
 */
const WORKER_MIN_BYTES = 1 << 20;

/**
 * From this size rows are parsed by two workers, each taking every other 16 MiB chunk (parsing
 * is a scan's bottleneck: one parser thread ran at ~60 MB/s while scoring waited on it).
 */
const CHUNKED_MIN_BYTES = 32 << 20;

/** Scores every sample of `file` ('-': options.stdin) with `detector`. */
export async function scan(file: string, detector: Detector, options: ScanOptions = {}): Promise<ScanResult> {
  const notes = options.notes ?? SILENT;
  // Explained, a bundle's filled cells are marked (filled.ts): read on this thread, where they are.
  const filled = options.explain && detector.meta.input.impute ? new FilledCells() : undefined;
  const collector = new ScanCollector({
    ...(filled ? { filled } : {}),
    keepScores: options.keepScores ?? options.labels !== undefined,
    keepFlagged: options.keepFlagged ?? true,
    plot: options.plot === true,
    ...collectRules(options.rules ?? {}, detector.meta),
    ...(options.onRecords ? { onRecords: options.onRecords } : {}),
    ...(options.resume ? { resume: options.resume } : {}),
  });
  const given = options.source;
  const peeked = await peekEmpty(given ? '-' : file, given ? given.stream : options.stdin, options.signal);
  const input = given && peeked.source ? { ...peeked, source: { ...peeked.source, name: given.name } } : peeked;
  if (input.empty) {
    // Before anything loads: an empty partition of a piped scan costs nothing.
    notes.note(`note: ${file === '-' ? 'stdin' : file} is empty: nothing to score`);
    collector.begin(
      {},
      {
        ...(detector.dir !== null ? { dir: detector.dir } : {}),
        trained: false,
        ...modelShape(detector.meta),
      },
    );
    return collector.result();
  }
  const spec = {
    ...readSpec(file, sampleSpecFor(detector.meta, options.read), options.rules, notes),
    ...(filled ? { filled } : {}),
  };
  const trained = detector.meta.input.window;
  if (trained && options.read?.window?.stride !== undefined && options.read.window.stride !== trained.stride)
    notes.note(
      `note: windows every ${options.read.window.stride} rows (the model was trained with --stride ${trained.stride})`,
    );
  const stream = await openStream(given ? '-' : file, spec, input, options.stdin, options.signal);
  const batches = asTheModelReads(stream.batches, detector.meta.input);
  await detector.scoreBatches(
    batches,
    collector,
    { name: file, size: input.size },
    {
      ...(options.explain ? { explain: options.explain } : {}),
      ...(options.backend ? { backend: options.backend } : {}),
      keepRaw: options.plot === true,
      columns: () => stream.info().columns,
      // Stopped early, a reader must still say what it found: not the single worker's (it says so at its end).
      ...(options.signal && stream.stoppable ? { signal: options.signal } : {}),
      ...(options.relearn ? { relearn: options.relearn } : {}),
    },
  );
  const info = stream.info();
  collector.finishInput(file, info);
  const imputed = info.imputed ?? 0;
  if (imputed > 0)
    notes.note(
      `note: filled ${imputed} missing cell(s) with the model's stored ${detector.meta.input.impute?.kind ?? 'values'}`,
    );
  for (const u of info.unknownCategories ?? [])
    notes.warn(
      `column ${u.column} (${JSON.stringify(u.name)}): ${u.rows} row(s) hold a category the model was not trained on (first: ${JSON.stringify(u.example)}); read as none of its categories`,
    );
  if (options.labels) collector.evaluate(options.labels.labels, options.labels.file);
  const time = timeColumnNote(
    info.timeColumn,
    info.columns.some((c) => c.number === info.timeColumn?.number),
  );
  if (time) notes.note(time);
  const renamed = renamedNote(info.columns);
  if (renamed) notes.note(renamed);
  if (info.matchedBy === 'position') {
    notes.note(`note: ${file === '-' ? 'stdin' : file} has no header: the model's columns are taken by position`);
  }
  return collector.result();
}

/**
 * Batches as the network reads them: one-hot models get indicator columns for the reader's
 * category codes; models of several window lengths get each window widened with the shorter ones.
 */
function asTheModelReads(batches: AsyncIterable<Batch>, input: BundleMeta['input']): AsyncIterable<Batch> {
  const columns = input.columns ?? [];
  if (columns.some(isCategorical)) return mapBatches(batches, (b) => encodeBatch(b, columns));
  const sizes = input.window?.sizes;
  if (sizes && sizes.length > 1) return mapBatches(batches, (b) => widenBatch(b, sizes, Math.max(columns.length, 1)));
  return batches;
}

async function* mapBatches(batches: AsyncIterable<Batch>, f: (b: Batch) => Batch): AsyncGenerator<Batch> {
  for await (const b of batches) yield f(b);
}

/** Live for a stream; stride 1 and lead rows for a record per row. */
function readSpec(file: string, spec: SampleSpec, rules: ScanRules | undefined, notes: Notes): SampleSpec {
  const live = file === '-' ? { live: true } : {};
  if (!rules?.perRow || !spec.window) return { ...spec, ...live };
  const { stride } = windowShape(spec.window);
  if (stride !== 1) notes.note(`note: a record per row scores every window (stride 1; the model was given ${stride})`);
  return { ...spec, ...live, perRow: true, window: { ...spec.window, stride: 1 } };
}

/**
 * A file is parsed on a worker thread (overlapping with scoring); stdin and small files on this
 * thread. The path is checked here first so its errors read the same either way.
 */
async function openStream(
  file: string,
  spec: SampleSpec,
  peeked: { source?: Source; size: number | null },
  stdin: Readable | undefined,
  signal?: AbortSignal,
): Promise<{ batches: AsyncIterable<Batch>; info: () => ReaderInfo; stoppable?: boolean }> {
  const opened = peeked.source ?? (await openSource(file, stdin));
  const size = peeked.size ?? 0;
  if (file === '-' || size < WORKER_MIN_BYTES || spec.filled) {
    // A file still being written (a pipe, a growing log) ends where Ctrl-C stops it, as stdin.
    const source = signal && !peeked.source ? abortableSource(opened, signal) : opened;
    const { reader, batches } = streamSamples(source, spec);
    return { batches, info: () => reader, stoppable: true };
  }
  opened.stream.destroy();
  // Chunks would each count unknown categories apart: an encoded file is read on one worker.
  // Counters need the row before: chunks would each start without it.
  const counters = spec.expected?.counters?.some(Boolean) === true;
  if (size >= CHUNKED_MIN_BYTES && !spec.window && !spec.expected?.categories && !counters) {
    const { canReadInChunks, streamRowsInWorkers } = await import('../data/parallel-chunks.js');
    if (await canReadInChunks(file))
      return { ...streamRowsInWorkers(file, size, csvOptionsFor(spec)), stoppable: true };
  }
  return streamSamplesInWorker(file, spec);
}
