// Samples from a CSV: rows as samples (wide format) or windows of one column (long format).
import { CsvReader, type CsvColumn } from './csv.js';
import type { Source } from './input.js';
import { windowBatches } from './windows.js';

export interface SampleSpec {
  header?: boolean | 'auto';
  /** Wide format: which columns (1-based numbers, names, ranges). Default: every numeric column. */
  columns?: string;
  skipInvalid?: boolean;
  /** Long format: one column cut into windows. */
  window?: { column: string; size: number; stride: number };
}

export interface SampleBatch {
  values: Float32Array;
  width: number;
  count: number;
  index: Int32Array;
  start?: Int32Array;
  end?: Int32Array;
}

export interface SampleStream {
  reader: CsvReader;
  batches: AsyncGenerator<SampleBatch>;
}

export function streamSamples(source: Source, spec: SampleSpec, batchRows = 4096): SampleStream {
  const reader = new CsvReader(source, {
    header: spec.header,
    columns: spec.window ? spec.window.column : spec.columns,
    skipInvalid: spec.skipInvalid,
    batchRows,
  });
  const batches = spec.window
    ? windowBatches(reader.batches(), spec.window.size, spec.window.stride, Math.max(1, Math.floor(batchRows / 4)))
    : reader.batches();
  return { reader, batches };
}

/** Every sample of a file in memory: one big batch, plus what the reader found. */
export interface SampleSet extends SampleBatch {
  columns: CsvColumn[];
  header: boolean;
  skipped: CsvReader['skipped'];
  skippedColumns: CsvColumn[];
}

/** Reads every sample into memory (for training, and for fitting on the scanned file). */
export async function readSamples(source: Source, spec: SampleSpec): Promise<SampleSet> {
  const { reader, batches } = streamSamples(source, spec);
  const parts: SampleBatch[] = [];
  // Every batch is a fresh array (readers never reuse one), so keeping them costs no copy.
  for await (const b of batches) parts.push(b);
  const width = parts[0]?.width ?? (spec.window ? spec.window.size : reader.width);
  const count = parts.reduce((n, b) => n + b.count, 0);
  const values = new Float32Array(count * width);
  const index = new Int32Array(count);
  const start = spec.window ? new Int32Array(count) : undefined;
  const end = spec.window ? new Int32Array(count) : undefined;
  let at = 0;
  for (const b of parts) {
    values.set(b.values.subarray(0, b.count * width), at * width);
    index.set(b.index.subarray(0, b.count), at);
    if (b.start) start!.set(b.start.subarray(0, b.count), at);
    if (b.end) end!.set(b.end.subarray(0, b.count), at);
    at += b.count;
  }
  return {
    values,
    width,
    count,
    index,
    start,
    end,
    columns: reader.columns,
    header: reader.header !== null,
    skipped: reader.skipped,
    skippedColumns: reader.skippedColumns,
  };
}
