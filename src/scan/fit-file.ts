// Fitting on a CSV file (`ae train data.csv`, and `ae scan data.csv` without a model, which
// fits on the file itself as the seed does). score-training.ts then judges the samples fitted on.
import { openSource } from '../data/input.js';
import {
  readSamples,
  windowShape,
  type SampleSet,
  type SampleSpec,
  type SeriesRead,
  type ChosenSizes,
  type WindowSpec,
} from '../data/samples.js';
import { autoWindowLengths } from '../data/period.js';
import { fillMissing } from '../data/impute.js';
import type { FilledCells } from '../data/filled.js';
import { encodeBatch, isCategorical } from '../data/onehot.js';
import { widenBatch, windowLengths } from '../data/window-lengths.js';
import { membersFor, membersIn, windowsIn, withMembers } from '../model/ensemble.js';
import { pickRows, selectWindows } from '../data/window-view.js';
import { InputError, UsageError } from '../errors.js';
import { timeOf } from '../data/time-columns.js';
import type { Readable } from 'node:stream';
import { Detector } from './detector.js';
import type { BundleMeta } from '../model/bundle-meta.js';
import { DEFAULTS, withDefaults, type DetectorOptions } from './settings.js';
import { atMost, fitDetector, type FitHooks } from './fit-detector.js';
import { counterNote, renamedNote, SILENT, timeColumnNote, type Notes } from './notes.js';
import { trainingWarnings } from './training-summary.js';
import { scoreNotes, scoreWarnings } from './score-warnings.js';

export interface FileFit {
  detector: Detector;
  /** Every sample read (windows at stride 1 for a record per row). */
  samples: SampleSet;
  /** Whether the detector was trained on exactly these samples (its training scores are theirs). */
  trainedOnAll: boolean;
  /** With a first part trained on: its data lines (0 .. learnedLines − 1). */
  learnedLines?: number;
}

/**
 * A first part to learn from: N data lines, P percent of them (at most `atMost` lines), or the
 * lines within a span of time (ms) from the first line's time.
 */
export type LearnPart = { rows: number } | { percent: number; atMost?: number } | { duration: number };

/** Which of a file's samples to train on. */
export interface TrainingPart {
  /** The first part (rows: those lines; windows: windows inside them). */
  trainFirst?: LearnPart;
  /** Windows read at stride 1 for a record per row; training keeps the requested stride. */
  perRow?: boolean;
}

/** Reads every sample of `file` and fits a detector on them (all taken as normal). */
export async function fitFile(
  file: string,
  spec: SampleSpec,
  options: DetectorOptions,
  hooks: FitHooks & { stdin?: Readable; notes?: Notes } = {},
  part: TrainingPart = {},
): Promise<FileFit> {
  const notes = hooks.notes ?? SILENT;
  const perRow = part.perRow === true && spec.window !== undefined;
  const read = perRow ? { ...spec, perRow: true, window: { ...spec.window!, stride: 1 } } : spec;
  // Windows stay views over the series: memory holds each value once, not once per window.
  const read0 = await readSamples(await openSource(file, hooks.stdin), read, {
    views: true,
    // The stride training keeps (a record per row reads at stride 1).
    chooseSizes: (s, asked) => chooseLengths(s, { ...asked, stride: spec.window?.stride }, part, options, notes),
  });
  const autoAsked = spec.window?.auto === true;
  spec = withChosenSizes(spec, read0.chosen);
  const shape = spec.window ? windowShape(spec.window) : null;
  const members = membersIn(spec.window?.sizes);
  // The first part's lines, once: fill values, training samples and the range rule use them.
  const learned = learnedLines(read0, part);
  const lines = learned ?? Infinity;
  // Learned from the training part only: the part scanned after it must not shape its own fill.
  // Carried forward, cells before any value are left: they get the median (stored for scans too).
  const series = spec.impute === 'previous' || spec.impute === 'linear';
  const kind: 'median' | 'mean' | undefined = series ? 'median' : (spec.impute as 'median' | 'mean' | undefined);
  const impute = kind ? fillFrom(read0, kind, lines, spec.filled) : null;
  if (impute && read0.imputed > 0) {
    const how =
      spec.impute === 'previous'
        ? "the column's last value (before any: its median"
        : spec.impute === 'linear'
          ? 'straight lines between the values around them (before any value: its median'
          : `each column's ${kind}`;
    const over = part.trainFirst ? ' over the part learned from' : '';
    notes.note(
      `note: filled ${read0.imputed} missing cell(s) with ${how}${over}${series ? ')' : ''} (stored in the bundle${spec.impute === 'linear' ? '; a scan with it, a stream, carries the last value forward' : ''})`,
    );
  }
  const samples = widened(encoded(read0, notes), spec);
  const part0 = trainingSamples(samples, spec, lines, perRow);
  checkTrainable(file, spec, part0);
  const training = sampled(part0, options);
  if (training !== part0)
    notes.note(`note: training on ${training.count} of ${part0.count} samples, drawn at random (--max-windows)`);
  if (!samples.header && !samples.start && looksLikeHeader(samples)) {
    notes.note(
      `note: ${file === '-' ? 'stdin' : file}'s first row (${Array.from(samples.values.subarray(0, Math.min(samples.width, 4))).join(',')}${samples.width > 4 ? ',…' : ''}) lies far outside the other rows' range: if it is a header of numbers, add --header`,
    );
  }
  const time = timeColumnNote(
    samples.timeColumn,
    samples.columns.some((c) => c.number === samples.timeColumn?.number),
  );
  if (time) notes.note(time);
  const renamed = renamedNote(samples.columns);
  if (renamed) notes.note(renamed);
  const counters = counterNote(samples.columns);
  if (counters) notes.note(counters);
  if (samples.skippedColumns.length) {
    const names = samples.skippedColumns.map((c) => c.name).join(', ');
    notes.note(`skipping non-numeric column(s) ${names} (carry one into the outputs with --id)`);
  }
  const blank = samples.skipped.filter((k) => k.reason === 'blank line').length;
  if (samples.skipped.length > blank) notes.warn(`skipped ${samples.skipped.length - blank} invalid row(s)`);
  if (blank) notes.note(`${blank} blank line(s) (reported as skipped records)`);
  const columns = samples.columns;
  // What reading the file again needs, the same for rows and windows.
  const reading: Omit<BundleMeta['input'], 'kind'> = {
    width: samples.width,
    header: samples.header,
    fields: samples.fields,
    ...(samples.header && samples.idColumn ? { time: samples.idColumn.name } : {}),
    ...(spec.decimal === ',' ? { decimal: ',' as const } : {}),
    ...(impute ? { impute: { kind: spec.impute!, values: impute } } : {}),
    columns,
  };
  const input: BundleMeta['input'] = shape
    ? {
        kind: 'windows',
        ...reading,
        // `column` as a spec (older readers take it); `columns` as found, for finding them again.
        window: {
          column: spec.window!.column ?? columns.map((c) => (samples.header ? c.name : c.number)).join(','),
          ...shape,
          ...(spec.window!.sizes ? { sizes: spec.window!.sizes } : {}),
          ...(samples.gapStep ? { gapStep: samples.gapStep } : {}),
          ...(autoAsked && read0.chosen ? { auto: { period: read0.chosen.period } } : {}),
          ...(members > 1 ? { ensemble: members } : {}),
        },
      }
    : { kind: 'rows', ...reading };
  const detector = Detector.fromFit(
    await fitDetector(training.view ?? training.values, samples.width, options, input, hooks),
  );
  for (const w of trainingWarnings(detector.fitted!.training)) notes.warn(w);
  for (const w of scoreWarnings(detector)) notes.warn(w);
  for (const n of scoreNotes(detector)) notes.note(n);
  return {
    detector,
    samples,
    trainedOnAll: training === samples,
    ...(learned !== undefined ? { learnedLines: learned } : {}),
  };
}

/** Fills missing cells with values learned from the first `lines` data lines (all by default). */
function fillFrom(s: SampleSet, kind: 'median' | 'mean', lines: number, filled?: FilledCells): number[] {
  const metrics = s.columns.length;
  const column = (j: number) => s.columns[j % metrics]!.number;
  // A view's series: every row counted once, not once per window it is in.
  if (s.view) {
    const line = (r: number) => s.rowLines![r]!;
    const mark = filled && ((r: number, j: number) => filled.mark(line(r), column(j)));
    return fillMissing(s.view.series, metrics, metrics, kind, (r) => line(r) < lines, mark);
  }
  const mark = filled && ((i: number, j: number) => filled.mark(s.index[i]!, column(j)));
  return fillMissing(s.values, s.width, metrics, kind, (i) => inFirstLines(s, i, lines), mark);
}

/** Windows of several lengths: each longest window widened with the newest rows of the others. */
function widened(s: SampleSet, spec: SampleSpec): SampleSet {
  const sizes = spec.window?.sizes;
  // A view reads its samples widened already.
  return sizes && sizes.length > 1 && !s.view ? widenBatch(s, sizes, s.columns.length) : s;
}

/** Samples of category codes widened into one-hot columns (as scans will widen theirs). */
function encoded(s: SampleSet, notes: Notes): SampleSet {
  const cats = s.columns.filter(isCategorical);
  if (cats.length === 0) return s;
  const list = cats.map((c) => `${c.name} (${c.categories.length} categories)`).join(', ');
  notes.note(`note: one-hot encoding ${list}: the categories are stored in the bundle`);
  return encodeBatch(s, s.columns);
}

/**
 * A first row of numbers far from all the others (every column beyond the rest's range by more
 * than that range) reads like a header whose names are numbers.
 */
function looksLikeHeader(s: SampleSet): boolean {
  const w = s.width;
  if (s.count < 3 || s.index[0] !== 0) return false;
  for (let c = 0; c < w; c++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let r = 1; r < s.count; r++) {
      const v = s.values[r * w + c]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const v0 = s.values[c]!;
    const range = hi - lo;
    if (!(v0 > hi + range || v0 < lo - range)) return false;
  }
  return true;
}

/** The samples training sees: all of them, or those of the first part, at the requested stride. */
function trainingSamples(samples: SampleSet, spec: SampleSpec, lines: number, perRow: boolean): SampleSet {
  if (lines === Infinity && !perRow) return samples;
  const stride = spec.window ? windowShape(spec.window).stride : 1;
  const keep: number[] = [];
  for (let i = 0; i < samples.count; i++) {
    const onStride = !perRow || samples.index[i]! % stride === 0;
    if (inFirstLines(samples, i, lines) && onStride) keep.push(i);
  }
  if (samples.view) return { ...samples, view: selectWindows(samples.view, keep), count: keep.length };
  return { ...samples, values: pickRows(samples.values, samples.width, keep), count: keep.length };
}

/** At most `maxWindows` of the samples (seeded), as fitDetector would draw them. */
function sampled(s: SampleSet, options: DetectorOptions): SampleSet {
  const max = options.maxWindows;
  if (max === undefined || s.count <= max) return s;
  const seed = options.seed ?? DEFAULTS.seed;
  if (s.view) {
    const view = atMost(s.view, s.width, max, seed);
    return { ...s, view, count: view.starts.length };
  }
  const values = atMost(s.values.subarray(0, s.count * s.width), s.width, max, seed);
  return { ...s, values, count: values.length / s.width };
}

/** Whether sample i (a row, or a window: all its lines) lies in the first `lines` data lines. */
function inFirstLines(s: Pick<SampleSet, 'end' | 'index'>, i: number, lines: number): boolean {
  return s.end ? s.end[i]! <= lines : s.index[i]! < lines;
}

/**
 * The lengths to learn once the series is read: `--window auto`'s from the period of the part
 * learned from (period.ts), each as many times as `--ensemble` asks (model/ensemble.ts); null:
 * the lengths asked for, unchanged.
 */
function chooseLengths(
  s: SeriesRead,
  asked: WindowSpec,
  part: TrainingPart,
  options: DetectorOptions,
  notes: Notes,
): ChosenSizes | null {
  const lines = learnPartLines(part, s.dataLines, s.lineIds ?? undefined) ?? Infinity;
  let rows = 0;
  while (rows < s.count && s.lines[rows]! < lines) rows++;
  const chosen = asked.auto ? autoWindowLengths(s.series, s.metrics, rows) : null;
  if (chosen) {
    const { sizes, period } = chosen;
    const why =
      period === null ? 'no period found in the rows learned from' : `the period of the rows learned from is ${period}`;
    notes.note(`note: --window auto: windows of ${sizes.join(' and ')} rows (${why})`);
  }
  const sizes = chosen?.sizes ?? windowLengths(asked.sizes ?? (asked.size ? [asked.size] : []));
  if (sizes.length === 0) return null;
  const windows = windowsIn(rows, sizes[0]!, windowShape({ ...asked, size: sizes[0]! }).stride);
  const members = membersFor(
    options.ensemble,
    Math.min(windows, options.maxWindows ?? Infinity),
    withDefaults(options),
  );
  if (members > 1)
    notes.note(
      `note: ${members} autoencoders per window length, each its own seed; a window scores the mean of their errors${options.ensemble === 'auto' ? ' (--ensemble auto: the rows learned from are few)' : ''}`,
    );
  if (!chosen && members === 1) return null;
  return { sizes: withMembers(sizes, members), period: chosen?.period ?? null };
}

/** The spec with the lengths `--window auto` chose, as if they had been asked for. */
function withChosenSizes(spec: SampleSpec, chosen: ChosenSizes | undefined): SampleSpec {
  if (!chosen || !spec.window) return spec;
  const { auto: _auto, ...window } = spec.window;
  const { sizes } = chosen;
  return { ...spec, window: { ...window, size: sizes[0]!, ...(sizes.length > 1 ? { sizes } : {}) } };
}

/** The data lines of the first part trained on, if only a first part is. */
function learnedLines(samples: SampleSet, part: TrainingPart): number | undefined {
  const ids = samples.lineIds ?? (samples.ids && !samples.start ? samples.ids : undefined);
  return learnPartLines(part, samples.rows + samples.skipped.length, ids);
}

/** The first part's data lines, of `dataLines` read (ids by data line, for a span of time). */
function learnPartLines(part: TrainingPart, dataLines: number, ids: string[] | undefined): number | undefined {
  const first = part.trainFirst;
  if (!first) return undefined;
  if ('rows' in first) return first.rows;
  if ('percent' in first) return Math.min(Math.floor((first.percent / 100) * dataLines), first.atMost ?? Infinity);
  return linesWithin(ids, first.duration);
}

/** The data lines whose time lies within `ms` of the first line's. */
function linesWithin(ids: string[] | undefined, ms: number): number {
  const at = (i: number) => (ids?.[i] !== undefined ? timeOf(ids[i]!) : null);
  const t0 = ids ? at(0) : null;
  if (t0 === null)
    throw new UsageError(
      'a span of time to learn from needs a time column (dates or epoch times in the first column found, or --id)',
      'give --learn a row count or a percentage instead (750, 15%)',
    );
  const n = ids!.length;
  for (let i = 1; i < n; i++) {
    const t = at(i);
    if (t !== null && t - t0 >= ms) return i;
  }
  return n;
}

/** Training needs at least two samples, and a one-column file is a series that wants windows. */
function checkTrainable(file: string, spec: SampleSpec, samples: SampleSet): void {
  if (spec.window && samples.count < 2) {
    const { size } = windowShape(spec.window);
    throw new InputError(
      samples.count === 0
        ? `--window ${size} is longer than the series (${samples.rows} values)`
        : `only one window of ${size} fits in the series (${samples.rows} values); training needs at least two`,
      { file },
      // A stride cannot make a window fit; with one window, a smaller stride makes two.
      samples.count === 0 ? 'choose a smaller --window' : 'choose a smaller --window or --stride',
    );
  }
  if (!spec.window && samples.width === 1) {
    const column = samples.columns[0]?.name ?? '1';
    throw new UsageError(
      `${file} has one numeric column: a 1-1-1 network learns nothing`,
      `for one long series, cut it into windows: --column ${JSON.stringify(column)} --window 50; to monitor it: ae watch ${file}`,
    );
  }
  if (samples.count < 2) throw new InputError(`only ${samples.count} sample(s); need at least 2 to train`, { file });
}
