// Parsing on a worker thread while the caller scores on the main one: the two overlap, so
// a scan runs at about the slower of the two rates instead of their sum.
import { Worker } from 'node:worker_threads';
import { raisePosted, type PostedError } from './worker-errors.js';
import { batchBuffers, type Batch } from './batch.js';
import type { CsvColumn, CsvReader, SkippedRow } from './csv.js';
import type { SampleSpec } from './samples.js';

export interface ReaderInfo {
  columns: CsvColumn[];
  header: string[] | null;
  skipped: SkippedRow[];
  skippedColumns: CsvColumn[];
  idColumn: CsvColumn | null;
  matchedBy: CsvReader['matchedBy'];
  /** A time column found and taken as the id (none given). */
  timeColumn?: CsvReader['timeColumn'];
  /** Missing cells filled with a model's stored values. */
  imputed?: number;
  /** Encoded columns: cells of categories the model does not know. */
  unknownCategories?: CsvReader['unknownCategories'];
}

type Message =
  { type: 'batch'; batch: Batch } | { type: 'done'; info: ReaderInfo } | { type: 'error'; error: PostedError };

/**
 * A worker from a module beside this one (`name`.js once built). Run from sources under tsx
 * (the tests), it is .ts, and a worker does not inherit tsx's loader: register it first.
 */
export function startWorker(
  name: string,
  workerData: unknown,
  resourceLimits: { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb?: number } = {
    // A cap on the parser's heap: V8 otherwise lets a busy heap grow with the file it reads.
    maxOldGenerationSizeMb: 96,
  },
): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL(`./${name}.js`, import.meta.url), { workerData, resourceLimits });
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL(`./${name}.ts`, import.meta.url).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}

export function streamSamplesInWorker(path: string, spec: SampleSpec, batchRows = 4096) {
  const worker = startWorker('sample-worker', { path, spec, batchRows });
  const queue: Message[] = [];
  let notify: (() => void) | null = null;
  let info: ReaderInfo | null = null;
  let crashed: Error | null = null;
  worker.on('message', (m: Message) => {
    queue.push(m);
    notify?.();
  });
  worker.on('error', (err) => {
    crashed = err;
    notify?.();
  });
  async function* batches(): AsyncGenerator<Batch> {
    try {
      for (;;) {
        while (queue.length === 0 && !crashed) await new Promise<void>((r) => (notify = r));
        notify = null;
        if (crashed) throw crashed;
        const m = queue.shift()!;
        if (m.type === 'error') throw raisePosted(m.error);
        if (m.type === 'done') {
          info = m.info;
          return;
        }
        yield m.batch;
        // A credit back, with the batch's buffers: transferring them out frees them here at
        // once, instead of at this heap's next full GC (they are large and few: V8 collects
        // them late, and memory would creep up with the file size). The busy worker collects them.
        const b = m.batch;
        const buffers = batchBuffers(b);
        worker.postMessage(buffers, buffers);
      }
    } finally {
      await worker.terminate();
    }
  }
  return {
    batches: batches(),
    /** Column and skipped-row details, available once `batches` is exhausted. */
    info: (): ReaderInfo => {
      if (!info) throw new Error('reader info is available after the last batch');
      return info;
    },
  };
}
