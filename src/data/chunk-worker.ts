// Worker thread for parsing one file on several threads (parallel-chunks.ts): worker i of n
// reads chunks i, i + n, i + 2n, … in order. Chunk 0 decides the header and columns as any
// read does and its worker posts that layout; the other workers wait for it (relayed by the
// main thread) and read their chunks with it. Batches carry chunk-local indices and lines: the
// main thread, which takes chunks in order, makes them file-wide.
import { parentPort, workerData } from 'node:worker_threads';
import { postedError, type PostedError } from './worker-errors.js';
import { batchBuffers } from './batch.js';
import { CsvReader, type CsvLayout, type CsvOptions } from './csv.js';
import { chunkSource } from './input.js';

export interface ChunkWorkerData {
  path: string;
  options: CsvOptions;
  chunkBytes: number;
  chunks: number;
  worker: number;
  workers: number;
  credits: number;
}

export type ChunkMessage =
  | { type: 'layout'; layout: CsvLayout }
  | { type: 'batch'; chunk: number; batch: import('./batch.js').Batch }
  | { type: 'chunk-done'; chunk: number; lines: { data: number; file: number } }
  | { type: 'error'; chunk: number; error: PostedError };

const data = workerData as ChunkWorkerData;
const post = (m: ChunkMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);
let credits = data.credits;
let wake: (() => void) | null = null;
let layout: CsvLayout | null = null;
parentPort!.on('message', (m: { type: 'credit' } | { type: 'layout'; layout: CsvLayout }) => {
  if (m.type === 'layout') layout = m.layout;
  else credits++;
  wake?.();
});

async function waitFor(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise<void>((r) => (wake = r));
  wake = null;
}

/** Chunk 0's decisions: kept for this worker's later chunks, posted for the others. */
function announce(decided: CsvLayout): true {
  layout = decided;
  post({ type: 'layout', layout: decided });
  return true;
}

async function readChunk(chunk: number): Promise<void> {
  const start = chunk * data.chunkBytes;
  const source = chunkSource(data.path, start, start + data.chunkBytes);
  const reader = new CsvReader(source, chunk === 0 ? data.options : { ...data.options, layout: layout! });
  let announced = chunk !== 0;
  for await (const b of reader.batches()) {
    if (!announced && reader.layout) announced = announce(reader.layout);
    await waitFor(() => credits > 0);
    credits--;
    post({ type: 'batch', chunk, batch: b }, batchBuffers(b));
  }
  if (!announced) announce(reader.layout!);
  post({ type: 'chunk-done', chunk, lines: reader.linesRead });
}

let current = data.worker;
try {
  if (data.worker !== 0) await waitFor(() => layout !== null);
  for (; current < data.chunks; current += data.workers) await readChunk(current);
} catch (err) {
  post({ type: 'error', chunk: current, error: postedError(err) });
}
