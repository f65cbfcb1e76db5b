// Cuts a long series into overlapping windows: window k holds rows [k·stride, k·stride + W) of
// the chosen metrics (one or several columns), row-major: W rows × C metrics, time first.
// Streaming: only the last W rows are kept, so a series larger than memory works.
import { emptyBatch, trimBatch, type Batch } from './batch.js';

export interface WindowOptions {
  /** Yield the windows of every row batch at once (a live stream: no window waits for more). */
  live?: boolean;
  /** Attach the data lines before the first full window (`lead`), for a record per row. */
  lead?: boolean;
}

export async function* windowBatches(
  rows: AsyncIterable<Batch>,
  size: number,
  stride: number,
  batchWindows = 2048,
  opts: WindowOptions = {},
): AsyncGenerator<Batch> {
  let lead: { index: number[]; ids?: string[] } | null = opts.lead ? { index: [] } : null;
  let metrics = 0; // columns per row, from the first batch
  let ring = new Float32Array(0);
  const ringIndex = new Int32Array(size);
  const ringIds: string[] = new Array<string>(size);
  let seen = 0; // values consumed so far
  let k = 0; // next window number
  let withIds = false;
  let out: Batch | null = null;
  for await (const b of rows) {
    if (metrics === 0) {
      metrics = b.width;
      ring = new Float32Array(size * metrics);
    }
    const c = metrics;
    withIds = b.ids !== undefined;
    for (let i = 0; i < b.count; i++) {
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
      lead = { index: [] };
      yield trimBatch(early);
    }
  }
  if (lead && lead.index.length) {
    // Fewer rows than one window: every row is a lead row.
    out ??= emptyBatch(0, size * Math.max(metrics, 1), { windows: true, ids: withIds });
    out.lead = lead;
  }
  if (out && (out.count > 0 || out.lead)) yield trimBatch(out);
}
