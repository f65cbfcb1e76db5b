// One file parsed on several worker threads at once: the file is cut into byte chunks, worker i
// of n reads chunks i, i + n, …, and this thread takes the chunks back in file order, making
// their chunk-local row indices and line numbers file-wide. Each worker may run a few batches
// ahead (credits), so memory stays bounded while all workers parse. Rows only (windows need
// the series in order), plain files only (not stdin, not gzip), and only when the file's start
// holds no quote character: a chunk boundary must never fall inside a quoted line break.
import { Worker } from 'node:worker_threads';
import { raisePosted } from './worker-errors.js';
import { batchBuffers, type Batch } from './batch.js';
import type { ChunkMessage, ChunkWorkerData } from './chunk-worker.js';
import type { CsvLayout, CsvOptions, SkippedRow } from './csv.js';
import type { ReaderInfo } from './parallel.js';
import { startWorker } from './parallel.js';

export const CHUNK_BYTES = 16 << 20;

interface Lane {
  worker: Worker;
  queue: ChunkMessage[];
}

export function streamRowsInWorkers(
  path: string,
  size: number,
  options: CsvOptions,
  opts: { workers?: number; chunkBytes?: number } = {},
) {
  const chunkBytes = opts.chunkBytes ?? CHUNK_BYTES;
  const chunks = Math.max(1, Math.ceil(size / chunkBytes));
  const workers = Math.min(opts.workers ?? 2, chunks);
  // A chunk of 8 MB is ~3 batches of 4,096 rows of 100 numbers: a worker may finish its chunk
  // while the one before it is still being consumed.
  const credits = Math.ceil(chunkBytes / (1 << 20) / 2) + 1;
  let notify: (() => void) | null = null;
  let crashed: Error | null = null;
  let layout: CsvLayout | null = null;
  const lanes: Lane[] = Array.from({ length: workers }, (_, worker) => {
    const data: ChunkWorkerData = { path, options, chunkBytes, chunks, worker, workers, credits };
    // Two parsers share the memory one had: small heaps (measured on a 4× file: 96 MB heaps
    // peaked at 343 MB RSS; 32 MB with an 8 MB young generation, 244 MB, and faster).
    const limits = { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 };
    const lane: Lane = { worker: startWorker('chunk-worker', data, limits), queue: [] };
    lane.worker.on('message', (m: ChunkMessage) => {
      if (m.type === 'layout') {
        layout = m.layout;
        for (const other of lanes) if (other !== lane) other.worker.postMessage({ type: 'layout', layout });
      } else lane.queue.push(m);
      notify?.();
    });
    lane.worker.on('error', (err) => {
      crashed = err;
      notify?.();
    });
    return lane;
  });
  const skipped: SkippedRow[] = [];
  let info: ReaderInfo | null = null;

  async function next(lane: Lane): Promise<ChunkMessage> {
    while (lane.queue.length === 0 && !crashed) await new Promise<void>((r) => (notify = r));
    notify = null;
    if (crashed) throw crashed;
    return lane.queue.shift()!;
  }

  async function* batches(): AsyncGenerator<Batch> {
    let index = 0; // data lines before the current chunk
    let line = 0; // file lines before it (the header included)
    try {
      for (let chunk = 0; chunk < chunks; chunk++) {
        const lane = lanes[chunk % workers]!;
        for (;;) {
          const m = await next(lane);
          if (m.type === 'error') throw raisePosted(m.error, line); // the chunk's row made file-wide
          if (m.type === 'chunk-done') {
            index += m.lines.data;
            line += m.lines.file;
            break;
          }
          if (m.type !== 'batch') continue;
          const b = m.batch;
          for (let i = 0; i < b.count; i++) b.index[i]! += index;
          for (const s of b.skipped ?? []) {
            s.index += index;
            s.line += line;
            skipped.push(s);
          }
          yield b;
          const buffers = batchBuffers(b);
          lane.worker.postMessage({ type: 'credit', buffers }, buffers);
        }
      }
      info = { ...layoutInfo(layout!), skipped };
    } finally {
      // Stopped early (Ctrl-C): what was read, with the columns the first chunk found.
      if (!info && layout) info = { ...layoutInfo(layout), skipped };
      await Promise.all(lanes.map((l) => l.worker.terminate()));
    }
  }
  return {
    batches: batches(),
    info: (): ReaderInfo => {
      if (!info) throw new Error('reader info is available after the last batch');
      return info;
    },
  };
}

/**
 * Whether a file may be read in chunks: not gzip, and no quote character in its first 64 KiB
 * (a file that quotes nothing there is taken to quote no line breaks further on).
 */
export async function canReadInChunks(path: string): Promise<boolean> {
  const { promises: fsp } = await import('node:fs');
  const fh = await fsp.open(path, 'r');
  try {
    const head = Buffer.alloc(1 << 16);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const text = head.subarray(0, bytesRead);
    return !(text[0] === 0x1f && text[1] === 0x8b) && !text.includes(34);
  } finally {
    await fh.close();
  }
}

function layoutInfo(l: CsvLayout) {
  return {
    columns: l.columns,
    header: l.header,
    skippedColumns: l.skippedColumns,
    idColumn: l.idColumn,
    matchedBy: l.matchedBy,
    timeColumn: l.timeColumn,
  };
}
