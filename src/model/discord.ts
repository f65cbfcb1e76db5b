// The train discord beside the autoencoder (decisions #83, #84). A window whose shape is unlike
// every window learned from is what a matrix-profile discord finds, and what a reconstruction
// error localises poorly on one metric: each sample's longest window, each metric's part
// z-normalised on its own (a constant part left at 0), is compared with the learned windows
// (z-normalised alike) and its Euclidean distance to the nearest one kept. The sample's score is
// then the sum of two robust z-scores — the autoencoder's score and that distance, each against
// the median and MAD of the samples learned from — so neither scale swamps the other.
// The learned windows compared with are all of them up to REFERENCE_VALUES values (4 Mi floats,
// 16 MB), else that many evenly spaced: SMD's 23,700 learned windows of 38 × 125 values made the
// exact search cost 5·10¹² multiply-adds an entity (decisions #84). They are kept as the rows they
// are cut from (overlapping windows share rows), unscaled: z-normalising undoes any scaling.
import type { WindowView } from '../data/window-view.js';

export const REFERENCE_VALUES = 1 << 22;

/** The bundle version that first holds a discord (version.ts). */
export const DISCORD_BUNDLE_VERSION = 7;

/** What a bundle stores of its discord (ae.json `discord`; the values in discord.bin). */
export interface DiscordMeta {
  /** Rows per window compared: the longest window length. */
  length: number;
  metrics: number;
  /** Learned windows compared with, and of how many learned. */
  windows: number;
  of: number;
  /** Rows in discord.bin (rows × metrics float32, then `windows` int32 first rows). */
  rows: number;
  /** Median and MAD over the samples learned from: the autoencoder's score, the distance. */
  score: Spread;
  distance: Spread;
}

export interface Spread {
  median: number;
  mad: number;
}

/** The learned windows in memory: raw rows and each window's first row, z-normalised once. */
export interface DiscordReference {
  meta: DiscordMeta;
  rows: Float32Array;
  starts: Int32Array;
  /** K × (length × metrics), each window z-normalised. */
  z: Float32Array;
  norms: Float32Array;
  /** Where each window began in the series fitted on (for a window never to match itself). */
  sourceStarts?: Int32Array;
  /** The distances of the samples fitted on, by first row: scoring them again looks them up. */
  learned?: Map<number, number>;
}

/** Samples the discord can be fitted on: a view, or sample values with their first rows. */
export interface LearnedSamples {
  count: number;
  /** Sample i's first row in the series (the same coordinates for every sample). */
  start(i: number): number;
  /** Sample i's longest window, rows × metrics, raw. */
  window(i: number): Float32Array;
}

export function samplesOfView(v: WindowView): LearnedSamples {
  const span = v.sizes[0]! * v.metrics;
  return {
    count: v.starts.length,
    start: (i) => v.starts[i]!,
    window: (i) => v.series.subarray(v.starts[i]! * v.metrics, v.starts[i]! * v.metrics + span),
  };
}

export function samplesOfValues(values: Float32Array, width: number, span: number, stride: number): LearnedSamples {
  return {
    count: values.length / width,
    start: (i) => i * stride,
    window: (i) => values.subarray(i * width, i * width + span),
  };
}

/** Each metric's part of a window (rows × metrics) z-normalised into `out` at `at`; its squared norm. */
export function zNormalise(w: ArrayLike<number>, length: number, metrics: number, out: Float32Array, at = 0): number {
  let norm = 0;
  for (let c = 0; c < metrics; c++) {
    let s = 0;
    let q = 0;
    for (let r = 0; r < length; r++) {
      const x = w[r * metrics + c]!;
      s += x;
      q += x * x;
    }
    const mean = s / length;
    const sd = Math.sqrt(Math.max(0, q / length - mean * mean));
    // A constant part has no shape: 0, not noise divided by ~0.
    for (let r = 0; r < length; r++) out[at + r * metrics + c] = sd < 1e-8 ? 0 : (w[r * metrics + c]! - mean) / sd;
    if (sd >= 1e-8) norm += length;
  }
  return norm;
}

/** The evenly spaced positions of `keep` of `count` samples (all of them when they fit). */
export function spacedPositions(count: number, keep: number): Int32Array {
  const k = Math.min(count, keep);
  return Int32Array.from({ length: k }, (_, i) => Math.floor((i * count) / k));
}

/** The learned windows to compare with, kept as the rows they are cut from. */
export function buildReference(samples: LearnedSamples, length: number, metrics: number): DiscordReference {
  const keep = Math.max(1, Math.floor(REFERENCE_VALUES / (length * metrics)));
  const chosen = Array.from(spacedPositions(samples.count, keep)).sort((a, b) => samples.start(a) - samples.start(b));
  const span = length * metrics;
  const rows = new Float32Array(chosen.length * span); // at most; cut below
  const starts = new Int32Array(chosen.length);
  let used = 0; // rows written
  let sourceEnd = -Infinity; // the source row after the last one written
  chosen.forEach((p, j) => {
    const s = samples.start(p);
    const w = samples.window(p);
    // Overlapping the window before: only its new rows are written.
    const shared = s < sourceEnd ? Math.min(length, sourceEnd - s) : 0;
    starts[j] = used - shared;
    rows.set(w.subarray(shared * metrics, span), used * metrics);
    used += length - shared;
    sourceEnd = s + length;
  });
  const meta = { length, metrics, windows: chosen.length, of: samples.count, rows: used };
  const spread = { median: 0, mad: 1 };
  const ref = referenceOf({ ...meta, score: spread, distance: spread }, rows.slice(0, used * metrics), starts);
  return { ...ref, sourceStarts: Int32Array.from(chosen, (p) => samples.start(p)) };
}

/** The z-normalised windows of stored rows. */
export function referenceOf(meta: DiscordMeta, rows: Float32Array, starts: Int32Array): DiscordReference {
  const span = meta.length * meta.metrics;
  const z = new Float32Array(meta.windows * span);
  const norms = new Float32Array(meta.windows);
  for (let j = 0; j < meta.windows; j++) {
    const from = starts[j]! * meta.metrics;
    norms[j] = zNormalise(rows.subarray(from, from + span), meta.length, meta.metrics, z, j * span);
  }
  return { meta, rows, starts, z, norms };
}

/** Median and MAD (upper medians) of the finite values; the MAD never 0. */
export function spreadOf(values: ArrayLike<number>): Spread {
  const v = Float64Array.from(values).filter(Number.isFinite).sort();
  if (!v.length) return { median: 0, mad: 1 };
  const median = v[Math.floor(v.length / 2)]!;
  const dev = v.map((x) => Math.abs(x - median)).sort();
  return { median, mad: dev[Math.floor(dev.length / 2)]! + 1e-12 };
}

/** The fused score: the two robust z-scores summed; a missing distance (NaN) counts as the median's. */
export function fuse(scores: ArrayLike<number>, distances: ArrayLike<number>, meta: DiscordMeta): Float32Array {
  const out = new Float32Array(scores.length);
  const a = meta.score;
  const d = meta.distance;
  for (let i = 0; i < out.length; i++) {
    const distance = distances[i]!;
    out[i] = (scores[i]! - a.median) / a.mad + (Number.isNaN(distance) ? 0 : (distance - d.median) / d.mad);
  }
  return out;
}

/** discord.bin: the rows (float32), then each window's first row (int32). */
export function discordBytes(ref: DiscordReference): Buffer {
  const out = Buffer.alloc(ref.rows.byteLength + ref.starts.byteLength);
  Buffer.from(ref.rows.buffer, ref.rows.byteOffset, ref.rows.byteLength).copy(out, 0);
  Buffer.from(ref.starts.buffer, ref.starts.byteOffset, ref.starts.byteLength).copy(out, ref.rows.byteLength);
  return out;
}

/** The bytes discord.bin should hold for `meta`. */
export function discordByteLength(meta: DiscordMeta): number {
  return (meta.rows * meta.metrics + meta.windows) * 4;
}

/** The learned windows of a stored discord (discord.bin, checked against ae.json by the reader). */
export function referenceOfBytes(meta: DiscordMeta, bytes: Buffer): DiscordReference {
  const floats = meta.rows * meta.metrics;
  const copy = new Uint8Array(bytes); // aligned for the typed arrays
  const rows = new Float32Array(copy.buffer, 0, floats);
  const starts = new Int32Array(copy.buffer, floats * 4, meta.windows);
  return referenceOf(meta, rows, starts);
}
