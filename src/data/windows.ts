// Cuts a long series into overlapping windows: window k holds rows [k·stride, k·stride + W) of
// the chosen metrics (one or several columns), row-major: W rows × C metrics, time first.
// Streaming: only the last W rows are kept, so a series larger than memory works.
import { emptyBatch, trimBatch, type Batch } from './batch.js';
import { GapFinder } from './gaps.js';

export interface WindowOptions {
  /** Yield the windows of every row batch at once (a live stream: no window waits for more). */
  live?: boolean;
  /** Attach the data lines before the first full window (`lead`), for a record per row. */
  lead?: boolean;
  /**
   * Break windows at gaps in time (rows' ids read as times, steps of this many milliseconds):
   * a row long after the one before (gaps.ts) starts windows afresh; the rows before its first
   * full window join the lead, from `afterGapFrom` on.
   */
  gapStep?: number;
}

export async function* windowBatches(
  rows: AsyncIterable<Batch>,
  size: number,
  stride: number,
  batchWindows = 2048,
  opts: WindowOptions = {},
): AsyncGenerator<Batch> {
  // Rows that no window ends at yet (the first ones, or those after a gap), for their records.
  let lead: Lead | null = opts.lead ? { index: [] } : null;
  let metrics = 0; // columns per row, from the first batch
  let ring = new Float32Array(0);
  const ringIndex = new Int32Array(size);
  const ringIds: string[] = new Array<string>(size);
  let seen = 0; // rows of the current run (since the start, or the last gap)
  let k = 0; // next window number
  let withIds = false;
  let out: Batch | null = null;
  const gaps = opts.gapStep ? new GapFinder(opts.gapStep) : null;
  for await (const b of rows) {
    if (metrics === 0) {
      metrics = b.width;
      ring = new Float32Array(size * metrics);
    }
    const c = metrics;
    withIds = b.ids !== undefined;
    for (let i = 0; i < b.count; i++) {
      if (gaps && b.ids && gaps.isGap(b.ids[i]!) && seen > 0) {
        // Windows start afresh: what was gathered goes out first, so records stay in line order.
        if (out && out.count > 0) {
          yield trimBatch(out);
          out = null;
        }
        seen = 0;
        if (opts.lead) lead = leadAfterGap(lead);
      }
      ring.set(b.values.subarray(i * c, (i + 1) * c), (seen % size) * c);
      ringIndex[seen % size] = b.index[i]!;
      if (b.ids) ringIds[seen % size] = b.ids[i]!;
      seen++;
      if (lead && seen < size) {
        lead.index.push(b.index[i]!);
        if (b.ids) (lead.ids ??= []).push(b.ids[i]!);
        continue;
      }
      // The window k ends at value k·stride + size; emit it when that value has arrived.
      if (seen < size || (seen - size) % stride !== 0) continue;
      out ??= emptyBatch(batchWindows, size * c, { windows: true, ids: withIds });
      if (lead) {
        if (lead.index.length) out.lead = lead;
        lead = null;
      }
      const at = out.count * size * c;
      const first = (seen - size) % size;
      const last = (seen - 1) % size;
      // The ring from its oldest row on, in at most two copies.
      out.values.set(ring.subarray(first * c), at);
      if (first > 0) out.values.set(ring.subarray(0, first * c), at + (size - first) * c);
      out.index[out.count] = k++;
      out.start![out.count] = ringIndex[first]!;
      out.end![out.count] = ringIndex[last]! + 1;
      out.startIds?.push(ringIds[first]!);
      out.endIds?.push(ringIds[last]!);
      out.count++;
      if (out.count === batchWindows) {
        yield out;
        out = null;
      }
    }
    if (opts.live && out && out.count > 0) {
      yield trimBatch(out);
      out = null;
    } else if (opts.live && lead && lead.index.length) {
      // Rows before the first full window are records too: live, they wait for no window.
      const early = emptyBatch(0, size * Math.max(c, 1), { windows: true, ids: withIds });
      early.lead = lead;
      lead = { index: [], ...(lead.afterGapFrom !== undefined ? { afterGapFrom: 0 } : {}) };
      yield trimBatch(early);
    }
  }
  if (lead && lead.index.length) {
    // Fewer rows than one window (since the start or a gap): every one is a lead row.
    if (out && out.count > 0) {
      yield trimBatch(out);
      out = null;
    }
    out ??= emptyBatch(0, size * Math.max(metrics, 1), { windows: true, ids: withIds });
    out.lead = lead;
  }
  if (out && (out.count > 0 || out.lead)) yield trimBatch(out);
}

type Lead = NonNullable<Batch['lead']>;

/** The lead once a gap is met: rows still waiting for a window stay ahead of those after it. */
function leadAfterGap(before: Lead | null): Lead {
  if (!before) return { index: [], afterGapFrom: 0 };
  return { ...before, afterGapFrom: before.afterGapFrom ?? before.index.length };
}
