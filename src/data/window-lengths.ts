// Several window lengths at once (`--window 64,32`): each sample is the longest window followed
// by the newest rows of each shorter one, [all L₀ rows, newest L₁ rows, …] (L₀ > L₁ > …), every
// row its C metrics. One autoencoder per length reads its own part (model/members.ts), so the
// short one reacts to a change within L₁ rows while the long one still sees its context; the
// sample's score is the mean squared error over all parts. The longest window comes first so
// everything that reads a window's rows (plots, ids, spans) reads them unchanged.
import type { Batch } from './batch.js';

/** Window lengths as stored: distinct, longest first. */
export function windowLengths(sizes: number[]): number[] {
  return [...new Set(sizes)].sort((a, b) => b - a);
}

/**
 * A `--window` value as the reader's window fields: one length, several (the longest is the
 * window read, every length a part of the sample), or `auto` (chosen when learning: period.ts).
 */
export function windowSizeFields(list: number[] | 'auto'): { size?: number; sizes?: number[]; auto?: true } {
  if (list === 'auto') return { auto: true };
  const sizes = windowLengths(list);
  return sizes.length > 1 ? { size: sizes[0]!, sizes } : { size: sizes[0]! };
}

/** Values per sample: every length's rows × the metrics. */
export function lengthsWidth(sizes: number[], metrics: number): number {
  return sizes.reduce((n, s) => n + s * metrics, 0);
}

/** Where each length's part starts in a sample, and how wide it is. */
export function lengthParts(sizes: number[], metrics: number): { offset: number; width: number; size: number }[] {
  let offset = 0;
  return sizes.map((size) => {
    const part = { offset, width: size * metrics, size };
    offset += part.width;
    return part;
  });
}

/** `count` windows of sizes[0] rows (row-major, `metrics` per row) widened with the shorter parts. */
export function widenWindows(values: Float32Array, count: number, sizes: number[], metrics: number): Float32Array {
  const from = sizes[0]! * metrics;
  const width = lengthsWidth(sizes, metrics);
  const out = new Float32Array(count * width);
  for (let i = 0; i < count; i++) {
    const w = values.subarray(i * from, (i + 1) * from);
    let o = i * width;
    for (const size of sizes) {
      // The newest `size` rows: the end of the longest window.
      out.set(w.subarray(from - size * metrics), o);
      o += size * metrics;
    }
  }
  return out;
}

/** A batch of longest windows as a batch of widened samples (same windows, spans and ids). */
export function widenBatch<B extends Batch>(b: B, sizes: number[], metrics: number): B {
  const values = widenWindows(b.values.subarray(0, b.count * b.width), b.count, sizes, metrics);
  return { ...b, values, width: lengthsWidth(sizes, metrics) };
}
