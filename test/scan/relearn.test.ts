// What a watch's refit (`--relearn`) trains on and when: the windows learned from and the
// newest P judged normal, never a flagged one; due after exactly P samples past learning,
// wherever the batches break; the same from its saved state.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Batch } from '../../src/data/batch.js';
import { gatherWindows, type WindowView } from '../../src/data/window-view.js';
import type { BundleFiles } from '../../src/model/bundle-files.js';
import type { BundleMeta } from '../../src/model/bundle-meta.js';
import { Relearner } from '../../src/scan/relearn.js';

const SIZES = [4, 2];
const WIDTH = 6; // one metric: 4 rows + the newest 2
const LEARNED = 20; // data lines learned from
const input = {
  kind: 'windows',
  width: WIDTH,
  header: true,
  columns: [],
  window: { column: 'x', size: 4, stride: 1, sizes: SIZES },
} as unknown as BundleMeta['input'];

/** The value of data line i. */
const value = (i: number) => i * 10 + 1;

/** Windows ending at lines [from, to) (end = line + 1), widened as the reader gives them. */
function batch(from: number, to: number): { b: Batch; raw: Float32Array } {
  const count = to - from;
  const values = new Float32Array(count * WIDTH);
  const end = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const last = from + k;
    const rows = [last - 3, last - 2, last - 1, last].map(value);
    values.set([...rows, ...rows.slice(2)], k * WIDTH);
    end[k] = last + 1;
  }
  const b = {
    values,
    width: WIDTH,
    count,
    index: Int32Array.from(end, (e) => e - 4),
    start: Int32Array.from(end, (e) => e - 4),
    end,
  };
  return { b, raw: values };
}

/** The last line of every window in a view, in order. */
const lastLines = (v: WindowView) =>
  Array.from({ length: v.starts.length }, (_, i) => (gatherWindows(v, i, 1)[3]! - 1) / 10);

/** Feeds windows ending at lines [3, to), flagging those `flagged` says, in batches of `size`. */
function feed(r: Relearner, to: number, size: number, flagged: (line: number) => boolean, from = 3) {
  for (let at = from; at < to;) {
    const { b } = batch(at, Math.min(at + size, to));
    const n = r.cut(b, 0);
    const part = batch(at, at + n);
    r.observe(
      part.b,
      part.raw,
      Array.from({ length: n }, (_, k) => (flagged(at + k) ? 'high' : null)),
    );
    at += n;
    if (r.due) return at;
  }
  return to;
}

async function refitView(r: Relearner): Promise<{ view: WindowView; meta: Record<string, unknown> }> {
  let seen: WindowView | null = null;
  const files = await r.refit(async (view) => {
    seen = view;
    return { files: { meta: {} } as BundleFiles };
  });
  return { view: seen!, meta: files!.meta as unknown as Record<string, unknown> };
}

test('a refit is due after exactly P samples past learning, and trains on the learned windows and the newest P judged normal', async () => {
  const every = 10;
  const r = Relearner.start(input, { seed: 3 }, LEARNED, every);
  const flagged = (line: number) => line === 25 || line === 26;
  // Batches of 7 do not break at the refit: cut() does.
  const stopped = feed(r, 100, 7, flagged);
  assert.equal(stopped, LEARNED + every, 'due after the 10th sample past the learned lines');
  const { view, meta } = await refitView(r);
  const learned = Array.from({ length: LEARNED - 3 }, (_, k) => k + 3);
  const recent = [20, 21, 22, 23, 24, 27, 28, 29];
  assert.deepEqual(lastLines(view), [...learned, ...recent], 'never a flagged window');
  assert.deepEqual(view.sizes, SIZES);
  assert.deepEqual(meta.relearned, { count: 1, learned: learned.length, recent: recent.length });
  // The next refit after 10 more: the newest 10 judged normal, the learned ones kept.
  assert.equal(feed(r, 100, 64, flagged, stopped), stopped + every);
  const next = await refitView(r);
  assert.deepEqual(lastLines(next.view), [...learned, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
  assert.equal((next.meta.relearned as { count: number }).count, 2);
});

test('from its saved state it refits where it would have, on the same windows', async () => {
  const every = 10;
  const flagged = (line: number) => line % 7 === 0;
  const one = Relearner.start(input, { seed: 3 }, LEARNED, every);
  const a = feed(one, 100, 5, flagged);
  await refitView(one);
  const mid = feed(one, 34, 5, flagged, a); // stopped between refits
  const resumed = Relearner.resume(input, JSON.parse(JSON.stringify(one.state())));
  const [x, y] = [feed(one, 100, 3, flagged, mid), feed(resumed, 100, 11, flagged, mid)];
  assert.equal(x, y);
  assert.deepEqual(lastLines((await refitView(resumed)).view), lastLines((await refitView(one)).view));
});
