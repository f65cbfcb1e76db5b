// Samples from a CSV: rows as samples (wide format) or windows of consecutive rows of one or
// several columns (long format: a series, or several metrics side by side).
import { concatBatches, type Batch } from './batch.js';
import { counterIncreases, type CounterChoice } from './counters.js';
import { carryForward, interpolateLinear } from './impute.js';
import type { FilledCells } from './filled.js';
import { CsvReader, type CsvColumn, type CsvOptions, type ExpectedColumns } from './csv.js';
import type { Source } from './input.js';
import { windowBatches } from './windows.js';
import { gatherWindows, type WindowView } from './window-view.js';
import { regularStep, timesOf } from './gaps.js';
import { windowRuns } from './window-runs.js';
import { lengthsWidth } from './window-lengths.js';
import { UsageError } from '../errors.js';

export interface SampleSpec {
  /** Scanning with a bundle that carries missing cells forward (`fill`: for cells before any value). */
  carry?: boolean;
  /** A model's time column by name: the id when the file has it (streams of few rows cannot show it). */
  timeHint?: string;
  /** Columns the user says are (or are not) counters (counters.ts); with a model, its own. */
  counters?: CounterChoice;
  header?: boolean | 'auto';
  /** Wide format: which columns (1-based numbers, names, ranges). Default: every numeric column. */
  columns?: string;
  skipInvalid?: boolean;
  /**
   * Long format: consecutive rows of the chosen columns cut into windows of `size` rows. `column`
   * names them as `columns` does ("value", "cpu,mem,latency", "2-4"); without it, the model's
   * columns (`expected`) or every numeric column.
   */
  window?: WindowSpec;
  /** A model's columns (rows or windows): found by name with a header, else by position. */
  expected?: ExpectedColumns;
  /** A column carried as text with every sample (a header name or 1-based number). */
  id?: string;
  /** Fitting: fill empty cells with their column's median or mean (stored in the bundle). */
  impute?: 'median' | 'mean' | 'previous' | 'linear';
  /** Scanning: fill empty cells with these values, one per chosen column (a bundle's). */
  fill?: number[];
  /** The decimal mark (default '.'); ',' for `24,08`. */
  decimal?: '.' | ',';
  /** A live stream: every block's samples are yielded as soon as it is read. */
  live?: boolean;
  /** Windows for a record per row: the rows before the first full window come along (`lead`). */
  perRow?: boolean;
  /** Told of every cell filled in (for `--explain`): data line and file column (filled.ts). */
  filled?: FilledCells;
  /** Fitting rows: one-hot encode text columns (onehot.ts); a model's own columns say so when scanning. */
  encode?: 'onehot';
}

export interface WindowSpec {
  column?: string;
  /** Rows per window: required to fit; a model's by default when scanning with one. */
  size?: number;
  /** Rows between window starts (default: the window length, windows side by side). */
  stride?: number;
  /** Several lengths (window-lengths.ts), longest first: `size` is then the longest. */
  sizes?: number[];
  /** Break windows at gaps of this typical step (ms; a model's); 0: never. Default: found in the file. */
  gapStep?: number;
  /** Lengths chosen from the series once read (`--window auto`: readSamples' `chooseSizes`). */
  auto?: boolean;
}

/** Window lengths chosen from a series, longest first, and the period they came from. */
export interface ChosenSizes {
  sizes: number[];
  period: number | null;
}

/**
 * The lengths to cut windows of, once the series is read (`--window auto`, `--ensemble`); null:
 * those asked for.
 */
export type ChooseSizes = (s: SeriesRead, asked: WindowSpec) => ChosenSizes | null;

/** The series a window reader has read whole, before any window is cut. */
export interface SeriesRead {
  /** Row-major, `metrics` values a row (NaN: a cell still to fill). */
  series: Float32Array;
  metrics: number;
  count: number;
  /** Each row's data line. */
  lines: Int32Array;
  /** Data lines read (rows and skipped lines), and each data line's id when there is one. */
  dataLines: number;
  lineIds: string[] | null;
}

/** A window's length and stride as the reader uses them. */
export function windowShape(w: WindowSpec): { size: number; stride: number } {
  if (w.size === undefined)
    throw new UsageError(
      w.auto
        ? '--window auto chooses its lengths when learning: a model has its own'
        : 'windows need a length (--window W)',
    );
  return { size: w.size, stride: w.stride ?? w.size };
}

export interface SampleStream {
  reader: CsvReader;
  batches: AsyncGenerator<Batch>;
}

/** The reader's options for a sample spec (windows read their one column). */
export function csvOptionsFor(spec: SampleSpec, batchRows = 4096): CsvOptions {
  return {
    header: spec.header,
    columns: spec.window ? (spec.window.column ?? spec.columns) : spec.columns,
    expected: spec.window?.column !== undefined ? undefined : spec.expected,
    idColumn: spec.id,
    ...(spec.timeHint ? { timeHint: spec.timeHint } : {}),
    skipInvalid: spec.skipInvalid,
    batchRows,
    ...(spec.decimal ? { decimal: spec.decimal } : {}),
    // Carried forward (previous) or filled later (median, mean): missing cells are NaN marks.
    // A bundle's fill values: filled by the reader, unless the cells filled are to be known.
    ...(spec.fill && !spec.carry && !spec.filled
      ? { impute: spec.fill }
      : spec.impute || spec.carry || spec.fill
        ? { impute: 'mark' as const }
        : {}),
    ...(spec.live ? { live: true } : {}),
    ...(spec.encode ? { encode: spec.encode } : {}),
    ...(spec.counters ? { counters: spec.counters } : {}),
  };
}

export function streamSamples(
  source: Source,
  spec: SampleSpec,
  batchRows = 4096,
  /** Sees every row batch before it is cut into windows (to keep the rows' ids). */
  onRows?: (rows: Batch) => void,
): SampleStream {
  if (spec.encode && spec.window)
    throw new UsageError('--encode onehot is for rows, not windows', 'leave out --window, or the text columns');
  const reader = new CsvReader(source, csvOptionsFor(spec, batchRows));
  const onFill = filledMarker(spec, reader);
  const carried =
    spec.impute === 'previous' || spec.carry
      ? carryForward(reader.batches(), spec.fill, onFill)
      : spec.fill && spec.filled
        ? carryForward(reader.batches(), spec.fill, onFill, true)
        : reader.batches();
  const read = counterIncreases(carried, () => reader.columns);
  const rows = onRows ? tap(read, onRows) : read;
  const shape = spec.window ? windowShape(spec.window) : null;
  const batches = shape
    ? windowBatches(rows, shape.size, shape.stride, Math.max(1, Math.floor(batchRows / 4)), {
        live: spec.live === true,
        lead: spec.perRow === true,
        ...(spec.window!.gapStep ? { gapStep: spec.window!.gapStep } : {}),
      })
    : rows;
  return { reader, batches };
}

/** Marks filled cells by data line and file column, when the spec asks to know them. */
function filledMarker(spec: SampleSpec, reader: CsvReader): ((line: number, j: number) => void) | undefined {
  const filled = spec.filled;
  return filled ? (line, j) => filled.mark(line, reader.columns[j]?.number ?? j + 1) : undefined;
}

async function* tap(batches: AsyncIterable<Batch>, see: (b: Batch) => void): AsyncGenerator<Batch> {
  for await (const b of batches) {
    see(b);
    yield b;
  }
}

/** Every sample of a file in memory: one big batch, plus what the reader found. */
export interface SampleSet extends Batch {
  columns: CsvColumn[];
  header: boolean;
  skipped: CsvReader['skipped'];
  skippedColumns: CsvColumn[];
  timeColumn: CsvReader['timeColumn'];
  /** Fields per line of the file. */
  fields: number;
  /** Empty cells read under `impute` (NaN in `values` until filled). */
  imputed: number;
  idColumn: CsvColumn | null;
  matchedBy: CsvReader['matchedBy'];
  /** Rows read (for windows: the values the windows were cut from). */
  rows: number;
  /** Windows with an id column: the id of every data line, by index (for time axes). */
  lineIds?: string[];
  /**
   * Windows read as views (readSamples' `views`): the series once and where each window starts;
   * `values` is then empty, and `rowLines` gives each series row's data line.
   */
  view?: WindowView;
  rowLines?: Int32Array;
  /** Windows broken at gaps: the lines recorded before window `before` (after `lead`). */
  laterLeads?: { before: number; lead: NonNullable<Batch['lead']> }[];
  /** Times on a schedule: the typical step (ms) windows break at gaps of. */
  gapStep?: number;
  /** Window lengths chosen from the series (`chooseSizes`), longest first, and their period. */
  chosen?: ChosenSizes;
}

/**
 * Reads every sample into memory (for training, and for fitting on the scanned file). Windows
 * are cut from the series read whole; with `views` they stay views over it (window-view.ts).
 */
export async function readSamples(
  source: Source,
  spec: SampleSpec,
  opts: { views?: boolean; chooseSizes?: ChooseSizes } = {},
): Promise<SampleSet> {
  if (spec.window) return readWindows(source, spec, spec.window, opts.views === true, opts.chooseSizes);
  const { reader, batches } = streamSamples(source, spec, 4096);
  const parts: Batch[] = [];
  // Every batch is a fresh array (readers never reuse one), so keeping them costs no copy.
  for await (const b of batches) parts.push(b);
  const width = parts[0]?.width ?? reader.width;
  const rows = concatBatches(parts, width, { windows: false, ids: reader.idColumn !== null });
  if (spec.impute === 'linear') linear(rows, width, spec, reader);
  return { ...rows, ...found(reader) };
}

/** A series read whole, its gaps drawn as lines (impute.ts), the cells filled marked. */
function linear(rows: Batch, width: number, spec: SampleSpec, reader: CsvReader): void {
  const mark = filledMarker(spec, reader);
  interpolateLinear(rows.values.subarray(0, rows.count * width), width, mark && ((r, c) => mark(rows.index[r]!, c)));
}

/** What the reader found, for a sample set. */
function found(reader: CsvReader) {
  return {
    columns: reader.columns,
    header: reader.header !== null,
    skipped: reader.skipped,
    skippedColumns: reader.skippedColumns,
    timeColumn: reader.timeColumn,
    fields: reader.fieldCount,
    imputed: reader.imputed,
    idColumn: reader.idColumn,
    matchedBy: reader.matchedBy,
    rows: reader.rowsRead,
  };
}

/** The series read whole, and its windows as windowBatches cuts them (same spans, ids, lead). */
async function readWindows(
  source: Source,
  spec: SampleSpec,
  asked: WindowSpec,
  views: boolean,
  chooseSizes?: ChooseSizes,
): Promise<SampleSet> {
  const { reader, batches } = streamSamples(source, { ...spec, window: undefined });
  const parts: Batch[] = [];
  for await (const b of batches) parts.push(b);
  const metrics = parts[0]?.width ?? reader.width;
  const rows = concatBatches(parts, metrics, { windows: false, ids: reader.idColumn !== null });
  if (spec.impute === 'linear') linear(rows, metrics, spec, reader);
  const ids = rows.ids;
  const lineIds: string[] = [];
  if (ids) for (let i = 0; i < rows.count; i++) lineIds[rows.index[i]!] = ids[i]!;
  const chosen = chooseSizes
    ? chooseSizes(
        {
          series: rows.values,
          metrics,
          count: rows.count,
          lines: rows.index,
          dataLines: reader.rowsRead + reader.skipped.length,
          lineIds: ids ? lineIds : null,
        },
        asked,
      )
    : null;
  const window: WindowSpec = chosen ? { ...asked, size: chosen.sizes[0]!, sizes: chosen.sizes } : asked;
  const { size, stride } = windowShape(window);
  // Times on a schedule: windows break at gaps (gaps.ts); a model's step, else the file's own.
  // The ids are parsed once for both (2 M ISO times take ~0.9 s a pass).
  const times = ids && window.gapStep !== 0 ? timesOf(ids) : null;
  const gapStep = window.gapStep === 0 ? null : (window.gapStep ?? (times ? regularStep(times) : null));
  const runs = windowRuns(rows.count, times, size, stride, gapStep);
  // As views, samples of several lengths are read widened; copied out, the longest windows are
  // given (as streamSamples gives them: widenBatch widens them).
  const sizes = views && window.sizes && window.sizes.length > 1 ? window.sizes : [size];
  const view: WindowView = { series: rows.values, metrics, starts: runs.starts, sizes };
  const n = view.starts.length;
  const set: Batch = {
    values: views ? new Float32Array(0) : gatherWindows(view, 0, n),
    width: lengthsWidth(sizes, metrics),
    count: n,
    index: Int32Array.from({ length: n }, (_, k) => k),
    start: view.starts.map((s) => rows.index[s]!),
    end: view.starts.map((s) => rows.index[s + size - 1]! + 1),
  };
  if (ids) {
    set.startIds = Array.from(view.starts, (s) => ids[s]!);
    set.endIds = Array.from(view.starts, (s) => ids[s + size - 1]!);
  }
  // For a record per row: the lines no window ends at (before the first; after each gap).
  const leads = spec.perRow
    ? runs.leads.map((l) => ({
        before: l.before,
        lead: {
          index: l.rows.map((r) => rows.index[r]!),
          ...(ids ? { ids: l.rows.map((r) => ids[r]!) } : {}),
          ...(l.afterGapFrom !== undefined ? { afterGapFrom: l.afterGapFrom } : {}),
        },
      }))
    : [];
  if (leads[0]?.before === 0) set.lead = leads.shift()!.lead;
  return {
    ...set,
    ...found(reader),
    ...(lineIds.length ? { lineIds } : {}),
    ...(leads.length ? { laterLeads: leads } : {}),
    ...(gapStep ? { gapStep } : {}),
    ...(chosen ? { chosen } : {}),
    ...(views ? { view, rowLines: rows.index } : {}),
  };
}
