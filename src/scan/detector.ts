// A fitted detector (PyOD's BaseDetector shape: fit → decision scores → threshold → predict):
// one object holding the network's weights, its scaler, the training-score distribution and
// the thresholds. It scores in plain JavaScript (or tfjs's wasm backend for large inputs), so a
// loaded detector needs no TensorFlow at all; fitting trains on the loaded (default native)
// backend. Saved, it is the bundle folder `ae train` writes.
import { sliceBatch, type Batch } from '../data/batch.js';
import type { CsvColumn } from '../data/csv.js';
import { labelsOf, type LabelsGiven } from '../data/labels.js';
import { applyScaler } from '../data/scalers.js';
import { widenBatch, windowLengths } from '../data/window-lengths.js';
import { autoWindowLengths } from '../data/period.js';
import { InputError, InvalidSettingError } from '../errors.js';
import { resolveThresholds, type Thresholds } from '../detect/thresholds.js';
import type { BackendInfo } from '../model/backend.js';
import { readBundleFiles, writeBundleFiles, type BundleFiles } from '../model/bundle-files.js';
import type { BundleMeta } from '../model/bundle-meta.js';
import { membersFor, windowsIn, withMembers } from '../model/ensemble.js';
import { explainRows, positionNamer } from '../model/explain.js';
import type { AdaptiveScorer } from '../model/scorers.js';
import { StagedDir } from '../io/atomic.js';
import { fuse, referenceOfBytes, type DiscordReference } from '../model/discord.js';
import { distancesWithLearned } from '../model/discord-search.js';
import { ScanCollector } from './collector.js';
import type { RecordSink, ScanResult } from './scan-result.js';
import type { FlagTail } from './records.js';
import type { FitHooks } from './fit-detector.js';
import type { Relearner, RelearnOption } from './relearn.js';
import { chooseScorer, type BackendChoice } from './scorer-choice.js';
import { collectRules, type ScanRules } from './rules.js';
import { rowBatch, rowsOf, windowsOf, type Values } from './samples-in-memory.js';
import type { TrainingFacts } from './training-facts.js';
import { thresholdRequestOf, withDefaults, type DetectorOptions, type ThresholdSettings } from './settings.js';

export type { DetectorOptions } from './settings.js';
export type { TrainingFacts } from './training-facts.js';

export interface ScoreOptions {
  /** For each flagged sample, the k inputs with the largest error. */
  explain?: number;
  /** Receives each batch's records as they are scored. */
  onRecords?: RecordSink;
  /** Known labels to compute metrics against: 0/1 per sample in order (PyOD's `y`), a Map, or Labels. */
  labels?: LabelsGiven;
  /** Where scoring may load tfjs (large inputs); default: loadBackend. */
  backend?: BackendChoice;
  /** A record per row for windows, the likelihood rule, incidents (rules.ts). */
  rules?: ScanRules;
}

/** Scores of values held in memory: what a scan reports, plus every score and tail in sample order. */
export interface Scores extends ScanResult {
  /** Rounded to 6 significant digits, as the CLI prints them and every rule compares them. */
  scores: Float64Array;
  tails: (FlagTail | null)[];
}

export class Detector {
  private scorer: AdaptiveScorer | null = null;
  /** The discord's learned windows, z-normalised, for the files they came from. */
  private discord: { files: BundleFiles; ref: DiscordReference } | null = null;
  /** The files fitted in this process (a refit replaces `files`, not these). */
  private readonly fittedFiles: BundleFiles | null;

  /** Built by Detector.fit, Detector.load or fitDetector; not directly. */
  constructor(
    private files: BundleFiles,
    /** Set when this detector was fitted in this process. */
    readonly fitted: TrainingFacts | null = null,
    /** The folder it was loaded from, if any. */
    readonly dir: string | null = null,
  ) {
    this.fittedFiles = fitted ? files : null;
  }

  /** Fits a detector on values taken as normal. Defaults are the CLI's (settings.ts, DEFAULTS). */
  static async fit(values: Values, options: DetectorOptions = {}): Promise<Detector> {
    const { fitDetector } = await import('./fit-detector.js');
    if (options.window !== undefined) {
      const series = rowsOf(values, 1).values;
      // 'auto': the period of the series fitted on and its half (data/period.ts).
      const chosen = options.window === 'auto' ? autoWindowLengths(series, 1, series.length) : null;
      const lengths = chosen
        ? chosen.sizes
        : windowLengths(typeof options.window === 'number' ? [options.window] : (options.window as number[]));
      const size = lengths[0]!;
      const stride = options.stride ?? size;
      const members = membersFor(options.ensemble, windowsIn(series.length, size, stride), withDefaults(options));
      const sizes = withMembers(lengths, members);
      const several = sizes.length > 1;
      const b = several ? widenBatch(windowsOf(series, size, stride), sizes, 1) : windowsOf(series, size, stride);
      const input: BundleMeta['input'] = {
        kind: 'windows',
        width: b.width,
        header: false,
        window: {
          column: '1',
          size,
          stride,
          ...(several ? { sizes } : {}),
          ...(chosen ? { auto: { period: chosen.period } } : {}),
          ...(members > 1 ? { ensemble: members } : {}),
        },
        columns: [{ number: 1, name: '1' }],
      };
      return Detector.fromFit(await fitDetector(b.values, b.width, options, input));
    }
    const rows = rowsOf(values, options.width);
    const columns = Array.from({ length: rows.width }, (_, j) => ({ number: j + 1, name: String(j + 1) }));
    const input = { kind: 'rows' as const, width: rows.width, header: false, columns };
    return Detector.fromFit(await fitDetector(rows.values, rows.width, options, input));
  }

  /** A detector of a model just fitted (fit-detector.ts). */
  static fromFit(fit: { files: BundleFiles; facts: TrainingFacts }): Detector {
    return new Detector(fit.files, fit.facts);
  }

  /** A bundle folder (written by `ae train`, `ae scan --out` or save). Needs no TensorFlow. */
  static async load(dir: string): Promise<Detector> {
    return new Detector(await readBundleFiles(dir), null, dir);
  }

  /** The bundle's description (ae.json). */
  get meta(): BundleMeta {
    return this.files.meta;
  }

  get thresholds(): Thresholds {
    return this.files.meta.thresholds;
  }

  /**
   * The same network with other thresholds, drawn from the stored training scores (nothing is
   * retrained). With no setting, the stored thresholds.
   */
  withThresholds(given: ThresholdSettings): Detector {
    const settings = withStoredRule(given, this.meta.thresholds);
    const thresholds = resolveThresholds(thresholdRequestOf(settings), this.meta.scores, this.meta.thresholds);
    return new Detector({ ...this.files, meta: { ...this.meta, thresholds } }, null, this.dir);
  }

  /**
   * Scores values in memory (rows; for a window detector, one long series) or a stream of
   * batches. Scores come in sample order with their tails, counts, intervals for windows.
   */
  async score(values: Values, options?: ScoreOptions): Promise<Scores>;
  async score(batches: AsyncIterable<Batch>, options?: ScoreOptions): Promise<ScanResult>;
  async score(input: Values | AsyncIterable<Batch>, options: ScoreOptions = {}): Promise<Scores | ScanResult> {
    if (isAsyncIterable(input)) {
      const collector = this.collector(options, { keepScores: options.labels !== undefined, keepFlagged: true });
      await this.scoreBatches(input, collector, { name: 'input', size: null }, options);
      if (options.labels) collector.evaluate(labelsOf(options.labels), 'labels');
      return collector.result();
    }
    const batch = this.batchOf(input, options.rules?.perRow === true);
    const collector = this.collector(options, { keepScores: true, keepFlagged: true });
    await this.scoreBatches([batch], collector, { name: 'values', size: null }, options);
    if (options.labels) collector.evaluate(labelsOf(options.labels), 'labels');
    const result = collector.result();
    const kept = result.kept!;
    return { ...result, scores: kept.score, tails: kept.tail };
  }

  /**
   * Scores batches one by one into `collector`; the scorer is kept for the next call. `input`
   * names the data in errors and, with a size, lets a large file start on tfjs.
   */
  async scoreBatches(
    batches: AsyncIterable<Batch> | Iterable<Batch>,
    collector: ScanCollector,
    input: { name: string; size: number | null },
    options: Pick<ScoreOptions, 'explain' | 'backend'> & {
      keepRaw?: boolean;
      /** The columns the reader found, for explanations (once the first batch is read). */
      columns?: () => CsvColumn[];
      /** Stops reading: the batches before are scored and kept, as if the input ended there. */
      signal?: AbortSignal;
      /** Learning after probation: refits swap this detector's model mid-stream (relearn.ts). */
      relearn?: RelearnOption;
      /**
       * The series this detector was fitted on, scored again: each sample's first row in it, in
       * order, so the discord never matches a window with a learned window it overlaps.
       */
      selfStarts?: Int32Array;
    } = {},
  ): Promise<void> {
    this.scorer ??= await chooseScorer(this.files, input, options.backend);
    const namer = options.explain ? positionNamer(this.meta.input, options.columns) : null;
    collector.begin(this.meta.thresholds, {
      ...(this.dir !== null ? { dir: this.dir } : {}),
      backend: this.scorer.name,
      trained: false,
      ...modelShape(this.meta),
    });
    const relearner = options.relearn?.relearner;
    let position = 0; // samples scored so far, for selfStarts
    for await (const b of batches) {
      if (options.signal?.aborted) break; // the reader (and its workers) are closed by the break
      if (b.width !== this.meta.input.width) {
        throw new InputError(`has ${b.width} columns per sample; the model expects ${this.meta.input.width}`, {
          file: input.name,
        });
      }
      // A refit falls on an exact sample: the batch is scored in parts around it. A batch of no
      // samples is still handed on: it may carry the rows before the first window (its lead).
      let from = 0;
      do {
        const to = relearner ? relearner.cut(b, from) : b.count;
        const part = from === 0 && to === b.count ? b : sliceBatch(b, from, to);
        // Values before scaling, for the plots and the range rule, and for a refit to learn from.
        const copy = relearner || options.keepRaw || collector.needsRaw;
        const raw = copy ? part.values.slice(0, part.count * part.width) : undefined;
        const self = this.selfMatching(options.selfStarts, position, part.count);
        const tails = await this.scoreInto(collector, part, options.explain, namer, raw, self);
        position += part.count;
        if (relearner) {
          relearner.observe(part, raw!, tails);
          if (relearner.due) await this.relearn(relearner, options.relearn!.hooks, input, options.backend);
        }
        from = to;
      } while (from < b.count);
    }
    collector.describeModel({ backend: this.scorer!.name });
  }

  /** One batch scored and handed to the collector; its tails. */
  private async scoreInto(
    collector: ScanCollector,
    b: Batch,
    k: number | undefined,
    namer: ReturnType<typeof positionNamer> | null,
    raw: Float32Array | undefined,
    selfStarts: Int32Array | null,
  ): Promise<(FlagTail | null)[]> {
    const meta = this.meta;
    const scorer = this.scorer!; // chosen before the first batch, and again after each refit
    const discord = this.discordReference();
    // Shapes are compared before scaling, which works in place (z-normalising undoes it anyway).
    const distances = discord ? await distancesWithLearned(discord, b.values, b.count, b.width, selfStarts) : null;
    // In place: the batch is ours, and not copying it keeps memory flat.
    const scaled = applyScaler(meta.preprocessing.scaler, b.values.subarray(0, b.count * b.width));
    const own = (await scorer.next(b.count)).score(scaled);
    const scores = distances ? fuse(own, distances, discord!.meta) : own;
    const why = k
      ? (rows: number[]) =>
          explainRows(scorer.plain.reconstruct, meta.preprocessing.scaler, scaled, b.width, rows, k, namer!, meta)
      : undefined;
    return collector.add(b, scores, why, raw);
  }

  /** The train discord of the model scoring now, if it has one (built from its bundle once). */
  private discordReference(): DiscordReference | null {
    if (!this.files.meta.discord || !this.files.discord) return null;
    if (this.discord?.files !== this.files) {
      const fittedHere = this.fitted?.discord && this.files === this.fittedFiles;
      const ref = fittedHere ? this.fitted!.discord! : referenceOfBytes(this.files.meta.discord, this.files.discord);
      this.discord = { files: this.files, ref };
    }
    return this.discord.ref;
  }

  /**
   * The first rows of samples [position, position + count) in the series fitted on, while the
   * model fitted on it scores (a refit learns from other windows, in other coordinates).
   */
  private selfMatching(starts: Int32Array | undefined, position: number, count: number): Int32Array | null {
    if (!starts || this.files !== this.fittedFiles || !this.fitted?.discord) return null;
    return starts.subarray(position, position + count);
  }

  /** Fits the next model (relearn.ts) and scores with it from here on. */
  private async relearn(
    relearner: Relearner,
    hooks: FitHooks | undefined,
    input: { name: string; size: number | null },
    backend: BackendChoice | undefined,
  ): Promise<void> {
    const { fitDetector } = await import('./fit-detector.js');
    const files = await relearner.refit(fitDetector, hooks);
    if (!files) return;
    this.scorer?.dispose();
    this.files = files;
    this.scorer = await chooseScorer(this.files, input, backend);
  }

  /** Writes the bundle folder atomically; an existing folder is replaced only with force. */
  async save(dir: string, options: { force?: boolean } = {}): Promise<void> {
    const staged = await StagedDir.create(dir, options.force === true);
    try {
      await this.saveInto(staged.path);
      await staged.commit();
    } catch (err) {
      throw await staged.abandon(err);
    }
  }

  /** Writes the bundle's files into a folder being assembled (a run folder). */
  async saveInto(dir: string): Promise<void> {
    // A fitted detector's files were taken from its model when it was fitted: no second save.
    await writeBundleFiles(dir, this.files);
  }

  /** Frees the tfjs model and scorer, if any (a process may fit and score many times). */
  dispose(): void {
    this.scorer?.dispose();
    this.scorer = null;
    this.fitted?.model.dispose();
  }

  private collector(options: ScoreOptions, keep: { keepScores: boolean; keepFlagged: boolean }): ScanCollector {
    return new ScanCollector({
      ...keep,
      ...collectRules(options.rules ?? {}, this.meta),
      ...(options.onRecords ? { onRecords: options.onRecords } : {}),
    });
  }

  private batchOf(values: Values, perRow = false): Batch {
    const input = this.meta.input;
    if (input.kind === 'windows' && input.window) {
      const series = rowsOf(values, 1).values;
      const sizes = input.window.sizes;
      const widen = (b: Batch) => (sizes && sizes.length > 1 ? widenBatch(b, sizes, 1) : b);
      if (!perRow) return widen(windowsOf(series, input.window.size, input.window.stride));
      const b = windowsOf(series, input.window.size, 1);
      b.lead = { index: Array.from({ length: Math.min(series.length, input.window.size - 1) }, (_, i) => i) };
      return widen(b);
    }
    const rows = rowsOf(values, input.width);
    // Scaling works in place: the caller's array stays as it was.
    return rowBatch(rows.values === values ? rows.values.slice() : rows.values, rows.width);
  }
}

/**
 * `tail` alone re-applies the bundle's own rule to the tails asked for (a model trained with
 * percentile 99, scanned with tail both: percentile 99 on both tails); explicit stored
 * thresholds have no rule to re-apply.
 */
export function withStoredRule(s: ThresholdSettings, stored: Thresholds): ThresholdSettings {
  const alone = s.tail !== undefined && Object.keys(s).every((k) => k === 'tail' || k === 'threshold' || k === 'below');
  if (!alone || s.contamination !== undefined || s.percentile !== undefined || s.sigma !== undefined) return s;
  const side = stored.high ?? stored.low;
  const m = /^(percentile|contamination|sigma) ([\d.]+)$/.exec(side?.rule ?? '');
  if (!m) {
    throw new InvalidSettingError(
      'tail',
      `goes with a contamination, percentile or sigma rule; the model's thresholds are ${side?.rule ?? 'none'}`,
    );
  }
  const value = Number(m[2]);
  // A stored low-side percentile p is the mirrored (100 − p) of the rule.
  const rule = m[1] === 'percentile' && !stored.high ? { percentile: 100 - value } : { [m[1]!]: value };
  return { ...s, ...rule };
}

/** The network and the score it computes, for a scan's summary (the report's Run table). */
export function modelShape(meta: BundleMeta): {
  layers: number[];
  score: string;
  windows?: number[];
  ensemble?: number;
} {
  const w = meta.input.kind === 'windows' ? meta.input.window : undefined;
  // The window lengths read (chosen by `--window auto`, or asked for), longest first, each once
  // however many members of an ensemble read it.
  const windows = w ? windowLengths(w.sizes ?? [w.size]) : undefined;
  return {
    layers: meta.architecture.layers,
    score: meta.score ?? 'mse',
    ...(windows ? { windows } : {}),
    ...((w?.ensemble ?? 1) > 1 ? { ensemble: w!.ensemble! } : {}),
  };
}

function isAsyncIterable(x: unknown): x is AsyncIterable<Batch> {
  return typeof (x as AsyncIterable<Batch>)?.[Symbol.asyncIterator] === 'function';
}

export type { BackendInfo };
