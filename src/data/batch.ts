// The one shape samples travel in, from the CSV reader through windows, the parsing worker
// and scoring: a block of rows, row-major, with where each came from.
import type { SkippedRow } from './cells.js';

export interface Batch {
  /** Row-major values, count × width (the arrays may be longer; `count` says how much is used). */
  values: Float32Array;
  width: number;
  count: number;
  /** Rows: the 0-based data line of each row. Windows: the window number. */
  index: Int32Array;
  /** Windows: the data lines each window spans, start .. end − 1. */
  start?: Int32Array;
  end?: Int32Array;
  /** With an id column: its text for each row (rows) or for each window's first and last row. */
  ids?: string[];
  startIds?: string[];
  endIds?: string[];
  /** Data lines that yielded no sample, in order, since the previous batch (rows only). */
  skipped?: SkippedRow[];
  /**
   * Windows read for a record per row: the data lines (and ids) before the first full window,
   * which no window ends at; on the batch that holds the first window (or the last, when none fit).
   * Windows broken at a gap in time: the rows after it, from `afterGapFrom` on, until a window fills.
   */
  lead?: { index: number[]; ids?: string[]; afterGapFrom?: number };
}

export function emptyBatch(rows: number, width: number, opts: { windows?: boolean; ids?: boolean } = {}): Batch {
  const b: Batch = { values: new Float32Array(rows * width), width, count: 0, index: new Int32Array(rows) };
  if (opts.windows) {
    b.start = new Int32Array(rows);
    b.end = new Int32Array(rows);
    if (opts.ids) {
      b.startIds = [];
      b.endIds = [];
    }
  } else if (opts.ids) b.ids = [];
  return b;
}

/** The batch cut to its `count` rows (views, no copies). */
export function trimBatch(b: Batch): Batch {
  const n = b.count;
  return {
    ...b,
    values: b.values.subarray(0, n * b.width),
    index: b.index.subarray(0, n),
    ...(b.start ? { start: b.start.subarray(0, n) } : {}),
    ...(b.end ? { end: b.end.subarray(0, n) } : {}),
  };
}

/** The ArrayBuffers a batch owns, for transferring it between threads. */
export function batchBuffers(b: Batch): ArrayBuffer[] {
  return [b.values, b.index, b.start, b.end].filter((a) => a !== undefined).map((a) => a.buffer as ArrayBuffer);
}

/** Batches joined into one (for data read whole into memory). */
export function concatBatches(parts: Batch[], width: number, opts: { windows: boolean; ids: boolean }): Batch {
  const count = parts.reduce((n, b) => n + b.count, 0);
  const out = emptyBatch(count, width, opts);
  for (const b of parts) {
    const at = out.count;
    out.values.set(b.values.subarray(0, b.count * width), at * width);
    out.index.set(b.index.subarray(0, b.count), at);
    if (b.start) out.start?.set(b.start.subarray(0, b.count), at);
    if (b.end) out.end?.set(b.end.subarray(0, b.count), at);
    if (b.ids) out.ids?.push(...b.ids.slice(0, b.count));
    if (b.startIds) out.startIds?.push(...b.startIds.slice(0, b.count));
    if (b.endIds) out.endIds?.push(...b.endIds.slice(0, b.count));
    if (b.lead) {
      out.lead ??= { index: [] };
      out.lead.index.push(...b.lead.index);
      if (b.lead.ids) (out.lead.ids ??= []).push(...b.lead.ids);
    }
    out.count += b.count;
  }
  return out;
}

/**
 * Samples [from, to) of a batch, as views. What came before the batch's first sample (its lead,
 * its skipped lines) stays with the part that starts it.
 */
export function sliceBatch<B extends Batch>(b: B, from: number, to: number): B {
  const w = b.width;
  const { lead, skipped, ...rest } = b;
  return {
    ...rest,
    values: b.values.subarray(from * w, to * w),
    count: to - from,
    index: b.index.subarray(from, to),
    ...(b.start ? { start: b.start.subarray(from, to) } : {}),
    ...(b.end ? { end: b.end.subarray(from, to) } : {}),
    ...(b.ids ? { ids: b.ids.slice(from, to) } : {}),
    ...(b.startIds ? { startIds: b.startIds.slice(from, to) } : {}),
    ...(b.endIds ? { endIds: b.endIds.slice(from, to) } : {}),
    ...(from === 0 && lead ? { lead } : {}),
    ...(from === 0 && skipped ? { skipped } : {}),
  } as B;
}
