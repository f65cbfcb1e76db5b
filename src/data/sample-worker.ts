// Worker thread: parses a CSV file into sample batches and posts them to the main thread,
// which scores them meanwhile. Credit-based flow control keeps at most CREDITS batches in
// flight, so memory stays bounded however fast parsing runs ahead of scoring.
import { parentPort, workerData } from 'node:worker_threads';
import { postedError } from './worker-errors.js';
import { batchBuffers } from './batch.js';
import { openSource } from './input.js';
import { streamSamples, type SampleSpec } from './samples.js';

export const CREDITS = 2;

const { path, spec, batchRows } = workerData as { path: string; spec: SampleSpec; batchRows: number };
let credits = CREDITS;
let wake: (() => void) | null = null;
parentPort!.on('message', () => {
  credits++;
  wake?.();
});

try {
  const { reader, batches } = streamSamples(await openSource(path), spec, batchRows);
  for await (const b of batches) {
    while (credits === 0) await new Promise<void>((r) => (wake = r));
    wake = null;
    credits--;
    const buffers = batchBuffers(b);
    parentPort!.postMessage({ type: 'batch', batch: b }, buffers);
  }
  const info = {
    columns: reader.columns,
    header: reader.header,
    skipped: reader.skipped,
    skippedColumns: reader.skippedColumns,
    idColumn: reader.idColumn,
    matchedBy: reader.matchedBy,
    timeColumn: reader.timeColumn,
    unknownCategories: reader.unknownCategories,
    imputed: reader.imputed,
  };
  parentPort!.postMessage({ type: 'done', info });
} catch (err) {
  parentPort!.postMessage({ type: 'error', error: postedError(err) });
}
