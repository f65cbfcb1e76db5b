// Windows without their level (`--center`, decisions #76). The autoencoder of a centred window
// sees each window's values less their mean, per metric: it learns the window's shape, and a
// series whose level wanders (a baseline that drifts, a daily mean that moves) is not an anomaly
// wherever it wanders to. What the level says is left to the windows that keep it (`longest`:
// only the longest window is centred, its shorter partner keeps the level) and to the range rule.
// For a centred input c = x − level(x) the error is AE(c) − c, and the reconstruction, in the
// input's units, AE(c) + level(x): scores, --explain and exports all read it so.
// Pure arithmetic on scaled samples (rows × width): no TensorFlow, no files.
import type { BundleMeta } from './bundle-meta.js';

export type CenterChoice = 'none' | 'longest' | 'all';

export const CENTER_CHOICES: readonly CenterChoice[] = ['none', 'longest', 'all'];

/** Which parts of a sample are centred: each part is `size` rows of `metrics` values, from `offset`. */
export interface Centring {
  metrics: number;
  parts: { offset: number; size: number }[];
}

/**
 * The parts to centre of samples made of windows of `sizes` rows (longest first, as
 * window-lengths.ts lays them out) of `metrics` columns; null when none is.
 */
export function centringOf(sizes: number[], metrics: number, which: CenterChoice | undefined): Centring | null {
  if (!which || which === 'none' || sizes.every((s) => s < 2)) return null;
  const parts: Centring['parts'] = [];
  let offset = 0;
  // 'longest': every member of the longest length (model/ensemble.ts), each its own part.
  sizes.forEach((size) => {
    if (size > 1 && (which === 'all' || size === sizes[0])) parts.push({ offset, size });
    offset += size * metrics;
  });
  return { metrics, parts };
}

/** A bundle's window lengths, longest first. */
export function windowSizes(window: { size: number; sizes?: number[] }): number[] {
  return window.sizes ?? [window.size];
}

/** What a bundle centres (null: nothing; bundles before `--center` never do). */
export function centringOfBundle(input: BundleMeta['input']): Centring | null {
  const w = input.kind === 'windows' ? input.window : undefined;
  return w?.center ? centringOf(windowSizes(w), input.columns?.length ?? 1, w.center) : null;
}

/** Subtracts each centred part's per-metric mean from every sample of `x`, in place. */
export function centreInPlace(x: Float32Array, width: number, c: Centring): Float32Array {
  const m = c.metrics;
  for (let o = 0; o < x.length; o += width) {
    for (const { offset, size } of c.parts) {
      const at = o + offset;
      for (let j = 0; j < m; j++) {
        let sum = 0;
        for (let r = 0; r < size; r++) sum += x[at + r * m + j]!;
        const mean = sum / size;
        for (let r = 0; r < size; r++) x[at + r * m + j] = x[at + r * m + j]! - mean;
      }
    }
  }
  return x;
}

/** What a level-free model needs of a scorer: its score and reconstruction of model inputs. */
interface Reconstructs {
  score(scaled: Float32Array): Float32Array;
  reconstruct(scaled: Float32Array): Float32Array;
}

/**
 * A reconstruction of scaled samples from one of centred inputs: each part's level added back,
 * so that it is in the units of x.
 */
export function reconstructWithLevels(
  reconstruct: (centred: Float32Array) => Float32Array,
  c: Centring,
  width: number,
): (x: Float32Array) => Float32Array {
  return (x) => {
    const centred = centreInPlace(x.slice(), width, c);
    const recon = reconstruct(centred);
    for (let i = 0; i < recon.length; i++) recon[i] = recon[i]! + (x[i]! - centred[i]!);
    return recon;
  };
}

/**
 * A scorer of scaled samples built on one of centred inputs: the score of the centred sample,
 * and the reconstruction with each part's level added back.
 */
export function levelFree<S extends Reconstructs>(inner: S, c: Centring | null, width: number): S {
  if (!c) return inner;
  return {
    ...inner,
    score: (x: Float32Array) => inner.score(centreInPlace(x.slice(), width, c)),
    reconstruct: reconstructWithLevels((centred) => inner.reconstruct(centred), c, width),
  };
}
