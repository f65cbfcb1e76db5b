// Cuts one long series into overlapping windows: window k holds values [k·stride, k·stride + W).
// Streaming: only the last W values are kept, so a series larger than memory works.
import { emptyBatch, trimBatch, type Batch } from './batch.js';

export async function* windowBatches(
  rows: AsyncIterable<Batch>,
  size: number,
  stride: number,
  batchWindows = 2048,
): AsyncGenerator<Batch> {
  const ring = new Float32Array(size);
  const ringIndex = new Int32Array(size);
  const ringIds: string[] = new Array<string>(size);
  let seen = 0; // values consumed so far
  let k = 0; // next window number
  let withIds = false;
  let out: Batch | null = null;
  for await (const b of rows) {
    if (b.width !== 1) throw new Error('windows need a single column');
    withIds = b.ids !== undefined;
    for (let i = 0; i < b.count; i++) {
      ring[seen % size] = b.values[i]!;
      ringIndex[seen % size] = b.index[i]!;
      if (b.ids) ringIds[seen % size] = b.ids[i]!;
      seen++;
      // The window k ends at value k·stride + size; emit it when that value has arrived.
      if (seen < size || (seen - size) % stride !== 0) continue;
      out ??= emptyBatch(batchWindows, size, { windows: true, ids: withIds });
      const at = out.count * size;
      const first = (seen - size) % size;
      const last = (seen - 1) % size;
      for (let j = 0; j < size; j++) out.values[at + j] = ring[(seen - size + j) % size]!;
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
  }
  if (out && out.count > 0) yield trimBatch(out);
}
