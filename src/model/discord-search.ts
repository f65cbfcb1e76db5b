// The nearest learned window of each sample (discord.ts): z-normalise the sample's longest
// window, then the smallest |q − r|² = |q|² + |r|² − 2 q·r over the learned windows r. The
// products are a matrix product, done by tfjs when this process already runs a backend (a watch
// trains on the native one: SMD's 47,000 samples × 883 learned windows × 4,750 values take
// seconds there, minutes in plain JavaScript), else in plain JavaScript, so a loaded detector
// still needs no TensorFlow. A sample never matches a learned window it overlaps (the trivial
// match of a discord search): with `selfStarts`, the sample's first row in the series fitted on.
import { loadedBackendName } from './backend-settings.js';
import { zNormalise, type DiscordReference } from './discord.js';

/** Distances computed at once: at most this many sample × window pairs (64 MB of float32). */
const PAIRS_AT_ONCE = 1 << 24;

/**
 * The distance of each sample (its first `length × metrics` raw values) to its nearest learned
 * window; NaN for a learned sample that every learned window overlaps.
 */
export async function nearestDistances(
  ref: DiscordReference,
  samples: Float32Array,
  count: number,
  width: number,
  selfStarts: Int32Array | null = null,
): Promise<Float32Array> {
  const { length, metrics, windows } = ref.meta;
  const span = length * metrics;
  const q = new Float32Array(count * span);
  const qNorms = new Float32Array(count);
  for (let i = 0; i < count; i++) qNorms[i] = zNormalise(samples.subarray(i * width), length, metrics, q, i * span);
  const out = new Float32Array(count);
  const chunk = Math.max(1, Math.floor(PAIRS_AT_ONCE / windows));
  const products = loadedBackendName() ? await tfjsProducts(ref, span) : plainProducts(ref, span);
  try {
    for (let from = 0; from < count; from += chunk) {
      const n = Math.min(chunk, count - from);
      const dot = products.of(q.subarray(from * span, (from + n) * span), n);
      for (let i = 0; i < n; i++) {
        const self = selfStarts ? selfStarts[from + i]! : null;
        out[from + i] = nearest(ref, dot, i, qNorms[from + i]!, self);
      }
    }
  } finally {
    products.dispose();
  }
  return out;
}

/** The nearest of one sample's distances (row i of `dot`), its overlapping windows left out. */
function nearest(ref: DiscordReference, dot: Float32Array, i: number, qNorm: number, self: number | null): number {
  const k = ref.meta.windows;
  const length = ref.meta.length;
  let best = Infinity;
  for (let j = 0; j < k; j++) {
    if (self !== null && Math.abs(self - ref.sourceStarts![j]!) < length) continue;
    const d2 = qNorm + ref.norms[j]! - 2 * dot[i * k + j]!;
    if (d2 < best) best = d2;
  }
  // Every learned window overlaps it (a learned part shorter than two windows has such windows
  // in its middle): nothing to compare with, so no distance — not the widest, which flagged
  // every such window of a short learning part (fuse() counts a missing distance as usual).
  if (best === Infinity) return NaN;
  return Math.sqrt(Math.max(0, best));
}

interface Products {
  /** n × K: each sample's dot product with each learned window. */
  of(q: Float32Array, n: number): Float32Array;
  dispose(): void;
}

function plainProducts(ref: DiscordReference, span: number): Products {
  const k = ref.meta.windows;
  const z = ref.z;
  return {
    of(q, n) {
      const out = new Float32Array(n * k);
      for (let i = 0; i < n; i++) {
        const qi = i * span;
        for (let j = 0; j < k; j++) {
          const rj = j * span;
          let s = 0;
          for (let t = 0; t < span; t++) s += q[qi + t]! * z[rj + t]!;
          out[i * k + j] = s;
        }
      }
      return out;
    },
    dispose() {},
  };
}

async function tfjsProducts(ref: DiscordReference, span: number): Promise<Products> {
  const tf = await import('@tensorflow/tfjs');
  const learned = tf.tensor2d(ref.z, [ref.meta.windows, span]);
  return {
    of(q, n) {
      const dot = tf.tidy(() => tf.matMul(tf.tensor2d(q, [n, span]), learned, false, true));
      const values = dot.dataSync() as Float32Array;
      dot.dispose();
      return values;
    },
    dispose: () => learned.dispose(),
  };
}
