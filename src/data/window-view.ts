// Windows as views over the series they are cut from, not copies: a window is the row its
// first value sits at. Training on W-row windows at stride 1 held W copies of every value
// (2 M rows × 4 metrics × 60 rows: 10.7 GB); as views it holds the series once (32 MB) and
// one int per window, and a batch is gathered when it is needed (decisions #61).
// Samples of several lengths (window-lengths.ts) are the longest window followed by the newest
// rows of each shorter one; a view reads them the same way.
import type { Batch } from './batch.js';
import { lengthsWidth } from './window-lengths.js';

export interface WindowView {
  /** The series, row-major: rows × metrics. */
  series: Float32Array;
  metrics: number;
  /** Each window's first row in `series`. */
  starts: Int32Array;
  /** Window lengths, longest first ([1] for plain rows). */
  sizes: number[];
}

/** Values per sample. */
export function viewWidth(v: WindowView): number {
  return lengthsWidth(v.sizes, v.metrics);
}

/** Plain rows (a matrix) as a view: every row is a window of one row. */
export function rowsView(values: Float32Array, width: number): WindowView {
  const rows = values.length / width;
  const starts = new Int32Array(rows);
  for (let i = 0; i < rows; i++) starts[i] = i;
  return { series: values, metrics: width, starts, sizes: [1] };
}

/** The windows of `size` rows every `stride` rows of a series of `rows` rows. */
export function windowStarts(rows: number, size: number, stride: number): Int32Array {
  const count = rows >= size ? Math.floor((rows - size) / stride) + 1 : 0;
  const starts = new Int32Array(count);
  for (let k = 0; k < count; k++) starts[k] = k * stride;
  return starts;
}

/** Row offsets, within a longest window, of every row a sample reads, in sample order. */
export function sampleRowOffsets(sizes: number[]): Int32Array {
  const longest = sizes[0]!;
  const offsets: number[] = [];
  for (const size of sizes) for (let r = longest - size; r < longest; r++) offsets.push(r);
  return Int32Array.from(offsets);
}

/** Samples [from, from + n) copied out of the view, row-major (n × width). */
export function gatherWindows(v: WindowView, from: number, n: number): Float32Array {
  const c = v.metrics;
  const offsets = sampleRowOffsets(v.sizes);
  const width = offsets.length * c;
  const dest = new Float32Array(n * width);
  for (let i = 0; i < n; i++) {
    const s = v.starts[from + i]!;
    let o = i * width;
    // Consecutive offsets are consecutive rows: copy each run in one set().
    for (let j = 0; j < offsets.length;) {
      let k = j + 1;
      while (k < offsets.length && offsets[k] === offsets[k - 1]! + 1) k++;
      const first = (s + offsets[j]!) * c;
      dest.set(v.series.subarray(first, first + (k - j) * c), o);
      o += (k - j) * c;
      j = k;
    }
  }
  return dest;
}

/** The windows at these positions, as a view over the same series. */
export function selectWindows(v: WindowView, positions: ArrayLike<number>): WindowView {
  return { ...v, starts: Int32Array.from(positions, (i) => v.starts[i]!) };
}

/** The rows at these positions of a row-major matrix (rows × width), copied. */
export function pickRows(values: Float32Array, width: number, positions: ArrayLike<number>): Float32Array {
  const out = new Float32Array(positions.length * width);
  for (let k = 0; k < positions.length; k++) {
    const i = positions[k]!;
    out.set(values.subarray(i * width, (i + 1) * width), k * width);
  }
  return out;
}

/** How many samples read each row (for statistics over windows without making them). */
export function rowWeights(v: WindowView): Float64Array {
  const rows = v.series.length / v.metrics;
  const diff = new Float64Array(rows + 1);
  const longest = v.sizes[0]!;
  for (const size of v.sizes) {
    for (const s of v.starts) {
      diff[s + longest - size]! += 1;
      diff[s + longest]! -= 1;
    }
  }
  const w = new Float64Array(rows);
  let run = 0;
  for (let r = 0; r < rows; r++) w[r] = run += diff[r]!;
  return w;
}

/** The metadata of samples [from, from + n) of a batch (views of its arrays; values not copied). */
export function sliceMeta(b: Batch, from: number, n: number): Omit<Batch, 'values' | 'width' | 'lead'> {
  const to = from + n;
  return {
    count: n,
    index: b.index.subarray(from, to),
    ...(b.start ? { start: b.start.subarray(from, to) } : {}),
    ...(b.end ? { end: b.end.subarray(from, to) } : {}),
    ...(b.ids ? { ids: b.ids.slice(from, to) } : {}),
    ...(b.startIds ? { startIds: b.startIds.slice(from, to) } : {}),
    ...(b.endIds ? { endIds: b.endIds.slice(from, to) } : {}),
  };
}

/**
 * A batch whose samples are read through a view, as batches of `chunk` samples with their values
 * copied out (each fresh: scoring scales them in place), cut where a later lead (rows after a
 * gap: window-runs.ts) is recorded, so records stay in line order. A batch of values is itself.
 */
export function* viewBatches(
  b: Batch & { view?: WindowView; laterLeads?: { before: number; lead: NonNullable<Batch['lead']> }[] },
  chunk = 4096,
): Generator<Batch> {
  const view = b.view;
  if (!view) {
    yield b;
    return;
  }
  const leads = [...(b.laterLeads ?? [])];
  let lead = b.lead;
  for (let from = 0; from < b.count || lead;) {
    const cut = leads[0]?.before ?? Infinity;
    const n = Math.min(chunk, b.count - from, cut - from);
    yield { ...sliceMeta(b, from, n), ...(lead ? { lead } : {}), values: gatherWindows(view, from, n), width: b.width };
    from += n;
    lead = from === cut ? leads.shift()!.lead : undefined;
  }
}
