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
  const search = loadedBackendName() ? await tfjsSearch(ref, span) : plainSearch(ref, span);
  try {
    for (let from = 0; from < count; from += chunk) {
      const n = Math.min(chunk, count - from);
      const part = q.subarray(from * span, (from + n) * span);
      const self = selfStarts?.subarray(from, from + n);
      // |q − r|² − |q|², the smallest per sample; with overlaps to leave out, from every row.
      const best =
        self && overlapsAny(ref, self) ? leastOfRows(ref, search.all(part, n), n, self) : search.least(part, n);
      // Every learned window overlaps it (a learned part shorter than two windows has such
      // windows in its middle): nothing to compare with, so no distance — not the widest, which
      // flagged every such window of a short learning part (fuse() counts it as usual).
      for (let i = 0; i < n; i++)
        out[from + i] = best[i] === Infinity ? NaN : Math.sqrt(Math.max(0, qNorms[from + i]! + best[i]!));
    }
  } finally {
    search.dispose();
  }
  return out;
}

/**
 * As nearestDistances, for samples of the series fitted on (`selfStarts`) whose distances the
 * fit already computed (`ref.learned`): those are looked up, the rest searched. A watch scores
 * its learned rows again, and searching them twice cost as much as the rest of the file on UCR.
 */
export async function distancesWithLearned(
  ref: DiscordReference,
  samples: Float32Array,
  count: number,
  width: number,
  selfStarts: Int32Array | null,
): Promise<Float32Array> {
  const learned = ref.learned;
  if (!selfStarts || !learned) return nearestDistances(ref, samples, count, width, selfStarts);
  const out = new Float32Array(count);
  const rest: number[] = [];
  for (let i = 0; i < count; i++) {
    const known = learned.get(selfStarts[i]!);
    if (known === undefined) rest.push(i);
    else out[i] = known;
  }
  if (!rest.length) return out;
  const values = new Float32Array(rest.length * width);
  rest.forEach((i, k) => values.set(samples.subarray(i * width, (i + 1) * width), k * width));
  const starts = Int32Array.from(rest, (i) => selfStarts[i]!);
  const found = await nearestDistances(ref, values, rest.length, width, starts);
  rest.forEach((i, k) => (out[i] = found[k]!));
  return out;
}

/**
 * The products with the learned windows, as |r|² − 2 q·r (n × K): the squared distance less the
 * sample's own |q|², which does not change which window is nearest.
 */
interface Search {
  all(q: Float32Array, n: number): Float32Array;
  /** The smallest of each sample's row of `all`. */
  least(q: Float32Array, n: number): Float32Array;
  dispose(): void;
}

/** Whether any of these samples overlaps a learned window (their first rows in the series fitted on). */
function overlapsAny(ref: DiscordReference, selfStarts: Int32Array): boolean {
  const starts = ref.sourceStarts;
  if (!starts) return false;
  return selfStarts.some((s) => {
    const lo = firstAtLeast(starts, s - ref.meta.length + 1);
    return lo < starts.length && starts[lo]! < s + ref.meta.length;
  });
}

/**
 * Each row's smallest value (n × K), but at the learned windows overlapping its sample when the
 * samples' first rows are given (a contiguous run of them: the learned windows are sorted).
 */
function leastOfRows(ref: DiscordReference, all: Float32Array, n: number, selfStarts: Int32Array | null): Float32Array {
  const k = ref.meta.windows;
  const length = ref.meta.length;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const lo = selfStarts ? firstAtLeast(ref.sourceStarts!, selfStarts[i]! - length + 1) : k;
    const hi = selfStarts ? firstAtLeast(ref.sourceStarts!, selfStarts[i]! + length) : k;
    let best = Infinity;
    for (let j = 0; j < lo; j++) if (all[i * k + j]! < best) best = all[i * k + j]!;
    for (let j = hi; j < k; j++) if (all[i * k + j]! < best) best = all[i * k + j]!;
    out[i] = best;
  }
  return out;
}

/** The first index of a sorted array whose value is at least `x`. */
function firstAtLeast(sorted: Int32Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function plainSearch(ref: DiscordReference, span: number): Search {
  const k = ref.meta.windows;
  const z = ref.z;
  const all = (q: Float32Array, n: number) => {
    const out = new Float32Array(n * k);
    for (let i = 0; i < n; i++) {
      const qi = i * span;
      for (let j = 0; j < k; j++) {
        const rj = j * span;
        let dot = 0;
        for (let t = 0; t < span; t++) dot += q[qi + t]! * z[rj + t]!;
        out[i * k + j] = ref.norms[j]! - 2 * dot;
      }
    }
    return out;
  };
  return {
    all,
    least: (q, n) => leastOfRows(ref, all(q, n), n, null),
    dispose() {},
  };
}

/**
 * The same by tfjs, as one product: each sample [−2q, 1] against each learned window [r, |r|²],
 * so `least` is a product and a minimum, and only n numbers come back (elementwise passes over
 * n × K values, and downloading them, cost more than the product on one metric: decisions #84).
 */
async function tfjsSearch(ref: DiscordReference, span: number): Promise<Search> {
  const tf = await import('@tensorflow/tfjs');
  const k = ref.meta.windows;
  const learned = tf.tidy(() => tf.concat([tf.tensor2d(ref.z, [k, span]), tf.tensor2d(ref.norms, [k, 1])], 1));
  const product = (q: Float32Array, n: number) =>
    tf.matMul(tf.concat([tf.mul(tf.tensor2d(q, [n, span]), -2), tf.ones([n, 1])], 1), learned, false, true);
  const download = (t: import('@tensorflow/tfjs').Tensor) => {
    const values = t.dataSync() as Float32Array;
    t.dispose();
    return values;
  };
  return {
    all: (q, n) => download(tf.tidy(() => product(q, n))),
    least: (q, n) => download(tf.tidy(() => tf.min(product(q, n), 1))),
    dispose: () => learned.dispose(),
  };
}
