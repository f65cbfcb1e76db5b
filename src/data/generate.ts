// The seed write-up's synthetic series: many noisy sines (normal), a few low-noise sines (too
// well reconstructed: low-MSE anomalies) and a few scaled cosines (high-MSE anomalies).
import { createNormal, createRng, permutation } from './rng.js';

export type SeriesKind = 'normal' | 'low-noise' | 'cosine';

export interface SinesOptions {
  normal?: number;
  lowNoise?: number;
  cosines?: number;
  length?: number;
  seed?: number;
}

export interface GeneratedSeries {
  /** Row-major, rows × length. */
  values: Float32Array;
  rows: number;
  length: number;
  kinds: SeriesKind[];
}

export const SINES_DEFAULTS = { normal: 10_000, lowNoise: 100, cosines: 100, length: 100, seed: 0 };

export function generateSines(opts: SinesOptions = {}): GeneratedSeries {
  const o = { ...SINES_DEFAULTS, ...opts };
  const rand = createRng(o.seed);
  const gauss = createNormal(rand);
  // linspace(0, 2π, length), endpoint included, as numpy does.
  const t = Array.from({ length: o.length }, (_, i) => (o.length === 1 ? 0 : (2 * Math.PI * i) / (o.length - 1)));
  const specs: [SeriesKind, number, (x: number) => number, number][] = [
    ['normal', o.normal, Math.sin, 0.5],
    ['low-noise', o.lowNoise, Math.sin, 0.1],
    ['cosine', o.cosines, (x) => 3 * Math.cos(x), 0.5],
  ];
  const rows = o.normal + o.lowNoise + o.cosines;
  const ordered = new Float32Array(rows * o.length);
  const kinds: SeriesKind[] = [];
  let r = 0;
  for (const [kind, count, f, sd] of specs) {
    for (let k = 0; k < count; k++, r++) {
      for (let i = 0; i < o.length; i++) ordered[r * o.length + i] = f(t[i]!) + sd * gauss();
      kinds.push(kind);
    }
  }
  const perm = permutation(rows, rand);
  const values = new Float32Array(rows * o.length);
  const shuffledKinds = new Array<SeriesKind>(rows);
  for (let i = 0; i < rows; i++) {
    values.set(ordered.subarray(perm[i]! * o.length, (perm[i]! + 1) * o.length), i * o.length);
    shuffledKinds[i] = kinds[perm[i]!]!;
  }
  return { values, rows, length: o.length, kinds: shuffledKinds };
}
