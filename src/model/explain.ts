// Why a sample was flagged: the columns (window positions, pixels) that carry most of its
// reconstruction error, from the same reconstruction its score came from.
import type { CsvColumn } from '../data/csv.js';
import type { Scaler } from '../data/scalers.js';
import { encodedPosition, isCategorical } from '../data/onehot.js';
import { lengthParts } from '../data/window-lengths.js';
import { isAbsolute, type ScoreKind } from './architecture.js';
import type { BundleMeta } from './bundle-meta.js';
import { memberPositions } from './ensemble.js';
import { metricErrors, metricTerm, type RelativeScale } from './relative-score.js';

/** Where in a sample an error sits: a column of the file (and a row of a window), or a pixel. */
export interface Position {
  /** Rows and windows: the 1-based column of the scanned file. */
  column?: number;
  /** That column's header name (files with a header). */
  name?: string;
  /** Windows: the row within the window, 0 = its first (oldest). */
  offset?: number;
  /** One-hot encoded columns: the category this input indicates. */
  category?: string;
  /** Several window lengths: the length whose autoencoder reads this input. */
  window?: number;
  /** Images: the pixel, [row, column], 0-based. */
  pixel?: [number, number];
}

export interface Blame extends Position {
  /** Share of the sample's squared error (scaled units, as the score). */
  share: number;
  /** The input and its reconstruction, in the input's units. */
  value: number;
  reconstructed: number;
  /** The value was missing in the file and filled in (`--impute`, or carried forward). */
  filled?: true;
}

/**
 * The `k` largest contributions to each listed row's error. `scaled` holds rows × width values
 * already scaled as the model saw them; `rows` are row positions in it. With `scoring.relative`
 * (a relative score; `scoring` is the bundle's meta) the k metrics whose error is furthest above
 * their training error, each named at its worst position in the sample, its share that of the
 * score's sum; otherwise the k largest squared errors of single positions.
 */
export function explainRows(
  reconstruct: (scaled: Float32Array) => Float32Array,
  scaler: Scaler,
  scaled: Float32Array,
  width: number,
  rows: number[],
  k: number,
  positionOf: (j: number) => Position,
  scoring: { score?: ScoreKind; relative?: RelativeScale; input?: BundleMeta['input'] } = {},
): Blame[][] {
  const { relative } = scoring;
  const absolute = isAbsolute(scoring.score);
  if (rows.length === 0) return [];
  const picked = new Float32Array(rows.length * width);
  rows.forEach((r, i) => picked.set(scaled.subarray(r * width, (r + 1) * width), i * width));
  const recon = reconstruct(picked);
  const unscale = (v: number, j: number) => (scaler.kind === 'none' ? v : v * scaler.scale[j]! + scaler.offset[j]!);
  const perMetric = relative ? metricErrors(picked, recon, width, relative.metrics, absolute) : null;
  const window = scoring.input?.kind === 'windows' ? scoring.input.window : undefined;
  const members = memberPositions(window?.sizes, width);
  return rows.map((_, i) => {
    const base = i * width;
    const errors = Array.from({ length: width }, (_, j) => (picked[base + j]! - recon[base + j]!) ** 2);
    const top = perMetric ? worstMetrics(errors, perMetric, i, relative!, k) : worstPositions(errors, k, members);
    // An ensemble's members each reconstruct the value: it is named once, with their mean.
    const reconstructed = (j: number) => {
      const same = members?.[j] ?? [j];
      return same.reduce((sum, p) => sum + unscale(recon[base + p]!, p), 0) / same.length;
    };
    return top.map(({ share, j }) => ({
      ...positionOf(j),
      share: round(share),
      value: round(unscale(picked[base + j]!, j)),
      reconstructed: round(reconstructed(j)),
    }));
  });
}

/** The k values with the largest squared error (an ensemble's: its members' summed). */
function worstPositions(errors: number[], k: number, members: number[][] | null): { share: number; j: number }[] {
  const total = errors.reduce((a, b) => a + b, 0) || 1;
  const errorOf = (j: number) => (members ? members[j]!.reduce((sum, p) => sum + errors[p]!, 0) : errors[j]!);
  return errors
    .map((_, j) => ({ share: errorOf(j) / total, j }))
    .filter(({ j }) => !members || members[j]![0] === j)
    .sort((a, b) => b.share - a.share)
    .slice(0, k);
}

/** The metrics with the largest terms √r_c, each at the position of its largest error. */
function worstMetrics(errors: number[], perMetric: Float64Array, row: number, scale: RelativeScale, k: number) {
  const m = scale.metrics;
  const terms = Array.from({ length: m }, (_, c) => metricTerm(perMetric, row, c, scale));
  const total = terms.reduce((a, b) => a + b, 0) || 1;
  return terms
    .map((t, c) => ({ share: t / total, c }))
    .sort((a, b) => b.share - a.share)
    .slice(0, k)
    .map(({ share, c }) => {
      let j = c;
      for (let p = c; p < errors.length; p += m) if (errors[p]! > errors[j]!) j = p;
      return { share, j };
    });
}

/**
 * Where input position j of a bundle's samples is, in the scanned file: `found` gives the columns
 * the reader matched (a model's columns may sit elsewhere in another file); default the bundle's.
 */
export function positionNamer(input: BundleMeta['input'], found?: () => CsvColumn[]): (j: number) => Position {
  if (input.kind === 'image' && input.imageShape) {
    const w = input.imageShape[1];
    return (j) => ({ pixel: [Math.floor(j / w), j % w] });
  }
  const header = input.header === true;
  const column = (c: CsvColumn | undefined, j: number): Position =>
    c ? { column: c.number, ...(header ? { name: c.name } : {}) } : { column: j + 1 };
  const columns = () => found?.() ?? input.columns ?? [];
  if (input.kind === 'windows') {
    // Bundles from before several metrics: one column, named by its spec.
    const sizes = input.window?.sizes;
    let parts: ReturnType<typeof lengthParts> | null = null; // once the columns are known
    return (j) => {
      const cols = columns();
      const metrics = Math.max(cols.length, 1);
      // Several lengths: the part j is in; its rows are the newest of the longest window.
      if (sizes) parts ??= lengthParts(sizes, metrics);
      const part = parts ? parts.find((p) => j < p.offset + p.width)! : null;
      const local = part ? j - part.offset : j;
      const c = cols[local % metrics];
      const first = part ? sizes![0]! - part.size : 0;
      const at = { offset: first + Math.floor(local / metrics), ...(part ? { window: part.size } : {}) };
      return c ? { ...column(c, local % metrics), ...at } : { ...at };
    };
  }
  return (j) => {
    const cols = columns();
    if (!cols.some(isCategorical)) return column(cols[j], j);
    const at = encodedPosition(cols, j);
    return { ...column(at.column, j), ...(at.category !== undefined ? { category: at.category } : {}) };
  };
}

const round = (v: number) => Number(v.toPrecision(6));
