// Cuts one long series into overlapping windows: window k holds values [k·stride, k·stride + W).
// Streaming: only the last W values are kept, so a series larger than memory works.
import type { RowBatch } from './csv.js';

export interface WindowBatch {
  /** Row-major, count × size. */
  values: Float32Array;
  width: number;
  count: number;
  /** Window number k (0-based). */
  index: Int32Array;
  /** Data-row range of each window: rows start[i] .. end[i]-1 (end exclusive). */
  start: Int32Array;
  end: Int32Array;
}

export async function* windowBatches(
  rows: AsyncIterable<RowBatch>,
  size: number,
  stride: number,
  batchWindows = 2048,
): AsyncGenerator<WindowBatch> {
  const ring = new Float32Array(size);
  const ringIndex = new Int32Array(size);
  let seen = 0; // values consumed so far
  let k = 0; // next window number
  let out = newBatch(batchWindows, size);
  for await (const b of rows) {
    if (b.width !== 1) throw new Error('windows need a single column');
    for (let i = 0; i < b.count; i++) {
      ring[seen % size] = b.values[i]!;
      ringIndex[seen % size] = b.index[i]!;
      seen++;
      // The window k ends at value k·stride + size; emit it when that value has arrived.
      if (seen >= size && (seen - size) % stride === 0) {
        const at = out.count * size;
        for (let j = 0; j < size; j++) out.values[at + j] = ring[(seen - size + j) % size]!;
        out.index[out.count] = k++;
        out.start[out.count] = ringIndex[(seen - size) % size]!;
        out.end[out.count] = ringIndex[(seen - 1) % size]! + 1;
        out.count++;
        if (out.count === batchWindows) {
          yield out;
          out = newBatch(batchWindows, size);
        }
      }
    }
  }
  if (out.count > 0) {
    yield {
      ...out,
      values: out.values.subarray(0, out.count * size),
      index: out.index.subarray(0, out.count),
      start: out.start.subarray(0, out.count),
      end: out.end.subarray(0, out.count),
    };
  }
}

function newBatch(n: number, size: number): WindowBatch {
  return {
    values: new Float32Array(n * size),
    width: size,
    count: 0,
    index: new Int32Array(n),
    start: new Int32Array(n),
    end: new Int32Array(n),
  };
}
