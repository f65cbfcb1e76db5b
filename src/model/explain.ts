// Why a sample was flagged: the columns (window positions, pixels) that carry most of its
// reconstruction error, from the same reconstruction its score came from.
import type { Scaler } from '../data/scalers.js';
import type { BundleMeta } from './bundle-meta.js';

export interface Blame {
  /** Rows: the column's name. Windows: the position in the window. Images: "row,col". */
  column: string;
  /** Share of the sample's squared error (scaled units, as the score). */
  share: number;
  /** The input and its reconstruction, in the input's units. */
  value: number;
  reconstructed: number;
}

/**
 * The `k` largest contributions to each listed row's error. `scaled` holds rows × width values
 * already scaled as the model saw them; `rows` are row positions in it.
 */
export function explainRows(
  reconstruct: (scaled: Float32Array) => Float32Array,
  scaler: Scaler,
  scaled: Float32Array,
  width: number,
  rows: number[],
  k: number,
  columnName: (j: number) => string,
): Blame[][] {
  if (rows.length === 0) return [];
  const picked = new Float32Array(rows.length * width);
  rows.forEach((r, i) => picked.set(scaled.subarray(r * width, (r + 1) * width), i * width));
  const recon = reconstruct(picked);
  const unscale = (v: number, j: number) => (scaler.kind === 'none' ? v : v * scaler.scale[j]! + scaler.offset[j]!);
  return rows.map((_, i) => {
    const base = i * width;
    const errors = Array.from({ length: width }, (_, j) => (picked[base + j]! - recon[base + j]!) ** 2);
    const total = errors.reduce((a, b) => a + b, 0) || 1;
    const top = errors
      .map((e, j) => ({ e, j }))
      .sort((a, b) => b.e - a.e)
      .slice(0, k);
    return top.map(({ e, j }) => ({
      column: columnName(j),
      share: round(e / total),
      value: round(unscale(picked[base + j]!, j)),
      reconstructed: round(unscale(recon[base + j]!, j)),
    }));
  });
}

/** How a bundle's input positions are named in explanations. */
export function columnNamer(input: BundleMeta['input'], names?: string[]): (j: number) => string {
  if (input.kind === 'image' && input.imageShape) {
    const w = input.imageShape[1];
    return (j) => `${Math.floor(j / w)},${j % w}`;
  }
  if (input.kind === 'windows') return (j) => `t+${j}`;
  const cols = names ?? input.columns?.map((c) => c.name) ?? [];
  return (j) => cols[j] ?? `column ${j + 1}`;
}

const round = (v: number) => Number(v.toPrecision(6));
