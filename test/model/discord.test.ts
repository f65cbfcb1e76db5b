// The train discord (model/discord.ts, discord-search.ts): z-normalised windows, the learned
// windows kept as shared rows, the nearest distance against a brute-force one, the trivial match
// left out, the plain and the tfjs search agreeing, and no tensor left behind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { loadBackend } from '../../src/model/backend.js';
import {
  buildReference,
  discordBytes,
  fuse,
  referenceOfBytes,
  samplesOfView,
  spacedPositions,
  spreadOf,
  zNormalise,
} from '../../src/model/discord.js';
import { distancesWithLearned, nearestDistances } from '../../src/model/discord-search.js';
import { gatherWindows, windowStarts, type WindowView } from '../../src/data/window-view.js';
import { createRng } from '../../src/data/rng.js';

/** A series of `rows` rows × `metrics` metrics: seeded noise on a sine per metric. */
function series(rows: number, metrics: number, seed = 1): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(rows * metrics);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < metrics; c++) out[r * metrics + c] = Math.sin((r + 7 * c) / 5) * (c + 1) + 0.3 * rng();
  return out;
}

function viewOf(values: Float32Array, metrics: number, length: number): WindowView {
  return { series: values, metrics, starts: windowStarts(values.length / metrics, length, 1), sizes: [length] };
}

/** The nearest distance, brute force: Σ(q − r)² over z-normalised windows, overlaps left out. */
function bruteForce(v: WindowView, length: number, query: Float32Array, qStart: number | null): number {
  const span = length * v.metrics;
  const q = new Float32Array(span);
  zNormalise(query, length, v.metrics, q);
  const r = new Float32Array(span);
  let best = Infinity;
  for (const s of v.starts) {
    if (qStart !== null && Math.abs(qStart - s) < length) continue;
    zNormalise(v.series.subarray(s * v.metrics, (s + length) * v.metrics), length, v.metrics, r);
    let d = 0;
    for (let t = 0; t < span; t++) d += (q[t]! - r[t]!) ** 2;
    best = Math.min(best, d);
  }
  return Math.sqrt(best);
}

test('zNormalise: each metric mean 0 and sd 1 on its own; a constant metric is 0 and adds nothing to the norm', () => {
  const w = Float32Array.from([1, 5, 2, 5, 3, 5, 4, 5]); // metric 0: 1..4, metric 1: constant
  const out = new Float32Array(8);
  const norm = zNormalise(w, 4, 2, out);
  const m0 = [0, 2, 4, 6].map((i) => out[i]!);
  assert.ok(Math.abs(m0.reduce((a, b) => a + b, 0)) < 1e-6);
  assert.ok(Math.abs(m0.reduce((a, b) => a + b * b, 0) / 4 - 1) < 1e-5);
  assert.deepEqual(
    [1, 3, 5, 7].map((i) => out[i]),
    [0, 0, 0, 0],
  );
  assert.equal(norm, 4);
});

test('spacedPositions: all when they fit, else evenly spaced from the first', () => {
  assert.deepEqual(Array.from(spacedPositions(5, 10)), [0, 1, 2, 3, 4]);
  assert.deepEqual(Array.from(spacedPositions(10, 4)), [0, 2, 5, 7]);
});

test('the learned windows are kept as the rows they share, and read back as the same windows', () => {
  const v = viewOf(series(60, 2), 2, 8);
  const ref = buildReference(samplesOfView(v), 8, 2);
  assert.equal(ref.meta.windows, 53);
  assert.equal(ref.meta.rows, 60, 'windows at stride 1 share every row: the series once');
  const span = 16;
  const z = new Float32Array(span);
  for (const j of [0, 17, 52]) {
    zNormalise(v.series.subarray(j * 2, (j + 8) * 2), 8, 2, z);
    assert.deepEqual(Array.from(ref.z.subarray(j * span, (j + 1) * span)), Array.from(z), `window ${j}`);
  }
  const meta = { ...ref.meta, score: { median: 1, mad: 2 }, distance: { median: 3, mad: 4 } };
  const back = referenceOfBytes(meta, discordBytes({ ...ref, meta }));
  assert.deepEqual(Array.from(back.z), Array.from(ref.z));
  assert.deepEqual(Array.from(back.starts), Array.from(ref.starts));
});

test('nearest distances equal a brute-force search; a learned window never matches one it overlaps', async () => {
  const learned = viewOf(series(80, 3, 2), 3, 10);
  const ref = buildReference(samplesOfView(learned), 10, 3);
  const width = 30;
  const fresh = series(40, 3, 9); // other noise: nearest windows are near, not equal
  const queries = gatherWindows(viewOf(fresh, 3, 10), 0, 31);
  const got = await nearestDistances(ref, queries, 31, width);
  for (const i of [0, 12, 30]) {
    const want = bruteForce(learned, 10, queries.subarray(i * width, (i + 1) * width), null);
    assert.ok(Math.abs(got[i]! - want) < 1e-3 * Math.max(1, want), `query ${i}: ${got[i]} vs ${want}`);
  }
  // The learned windows scored again: without their starts each finds itself (0).
  const own = gatherWindows(learned, 0, learned.starts.length);
  const selfless = await nearestDistances(ref, own, learned.starts.length, width);
  assert.ok(
    selfless.every((d) => d < 1e-2),
    'a learned window is its own nearest',
  );
  const honest = await nearestDistances(ref, own, learned.starts.length, width, learned.starts);
  for (const i of [0, 35, 70]) {
    const want = bruteForce(learned, 10, own.subarray(i * width, (i + 1) * width), learned.starts[i]!);
    assert.ok(Math.abs(honest[i]! - want) < 1e-3 * Math.max(1, want), `learned ${i}: ${honest[i]} vs ${want}`);
    assert.ok(honest[i]! > 0.1);
  }
  // A learned part shorter than two windows: each learned window overlaps every other, so none
  // has a distance (NaN, not the widest one, which flagged a short learning part's middle).
  const short = viewOf(series(15, 3, 3), 3, 10);
  const few = buildReference(samplesOfView(short), 10, 3);
  const none = await nearestDistances(few, gatherWindows(short, 0, 6), 6, width, short.starts);
  assert.ok(none.every(Number.isNaN), `distances ${Array.from(none)}`);
});

test('the tfjs search gives the plain search distances, and leaves no tensor behind', async () => {
  const learned = viewOf(series(70, 2, 4), 2, 12);
  const ref = buildReference(samplesOfView(learned), 12, 2);
  const queries = gatherWindows(viewOf(series(50, 2, 5), 2, 12), 0, 39);
  const plain = await nearestDistances(ref, queries, 39, 24);
  const own = gatherWindows(learned, 0, learned.starts.length);
  const plainOwn = await nearestDistances(ref, own, learned.starts.length, 24, learned.starts);
  await loadBackend('tensorflow', process.env);
  const tensors = tf.memory().numTensors;
  const viaTf = await nearestDistances(ref, queries, 39, 24);
  const viaTfOwn = await nearestDistances(ref, own, learned.starts.length, 24, learned.starts);
  assert.equal(tf.memory().numTensors, tensors);
  for (let i = 0; i < 39; i++) assert.ok(Math.abs(viaTf[i]! - plain[i]!) < 1e-3, `sample ${i}`);
  // The overlaps masked in the graph as in the loop (a learned window is not its own match).
  for (let i = 0; i < plainOwn.length; i++)
    assert.ok(Math.abs(viaTfOwn[i]! - plainOwn[i]!) < 1e-2, `learned ${i}: ${viaTfOwn[i]} vs ${plainOwn[i]}`);
  assert.ok(viaTfOwn.every((d) => d > 0.1));
});

test('spreadOf is the median and MAD; fuse sums the two robust z-scores', () => {
  assert.deepEqual(spreadOf([1, 2, 3, 4, 100]), { median: 3, mad: 1 + 1e-12 });
  const meta = {
    length: 1,
    metrics: 1,
    windows: 1,
    of: 1,
    rows: 1,
    score: { median: 2, mad: 0.5 },
    distance: { median: 1, mad: 2 },
  };
  assert.deepEqual(Array.from(fuse([2, 3], [1, 5], meta)), [0, 4]);
  // No distance (nothing to compare with): the autoencoder's part alone.
  assert.deepEqual(Array.from(fuse([3], [NaN], meta)), [2]);
});

test('the learned samples scored again take the distances the fit found; the others are searched', async () => {
  const learned = viewOf(series(60, 2, 6), 2, 8);
  const ref = buildReference(samplesOfView(learned), 8, 2);
  const own = gatherWindows(learned, 0, learned.starts.length);
  const searched = await nearestDistances(ref, own, learned.starts.length, 16, learned.starts);
  // A fit's map, with one learned sample's distance marked: it must be what comes back.
  const map = new Map(Array.from(learned.starts, (s, i) => [s, searched[i]!] as [number, number]));
  map.set(learned.starts[5]!, 123);
  map.delete(learned.starts[9]!);
  const got = await distancesWithLearned({ ...ref, learned: map }, own, learned.starts.length, 16, learned.starts);
  assert.equal(got[5], 123);
  assert.ok(Math.abs(got[9]! - searched[9]!) < 1e-4, 'a sample not in the map is searched');
  assert.deepEqual(Array.from(got.subarray(10)), Array.from(searched.subarray(10)));
  // Without first rows (another series) nothing is looked up.
  const other = await distancesWithLearned({ ...ref, learned: map }, own, learned.starts.length, 16, null);
  assert.ok(other[5]! < 1e-2);
});
