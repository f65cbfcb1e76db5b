// Windows read through a view over the series must be exactly the windows windowBatches copies
// out (one length, several lengths), and statistics over them must not need them copied.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyBatch, type Batch } from '../../src/data/batch.js';
import { createRng } from '../../src/data/rng.js';
import { fitScaler, SCALER_KINDS } from '../../src/data/scalers.js';
import { fitViewScaler } from '../../src/data/view-scaler.js';
import { widenWindows } from '../../src/data/window-lengths.js';
import {
  gatherWindows,
  rowWeights,
  selectWindows,
  viewBatches,
  windowStarts,
  type WindowView,
} from '../../src/data/window-view.js';
import { windowBatches } from '../../src/data/windows.js';

function series(rows: number, metrics: number, seed = 3): Float32Array {
  const rand = createRng(seed);
  // Metrics on different scales, with outliers, so every scaler has something to do.
  return Float32Array.from({ length: rows * metrics }, (_, i) => {
    const c = i % metrics;
    return (c + 1) * 10 * rand() + (rand() < 0.02 ? 500 : 0);
  });
}

async function copied(values: Float32Array, metrics: number, size: number, stride: number): Promise<Float32Array> {
  async function* one(): AsyncGenerator<Batch> {
    const rows = values.length / metrics;
    const b = emptyBatch(rows, metrics);
    b.values.set(values);
    for (let r = 0; r < rows; r++) b.index[r] = r;
    b.count = rows;
    yield b;
  }
  const parts: Float32Array[] = [];
  for await (const b of windowBatches(one(), size, stride, 7)) parts.push(b.values.slice(0, b.count * b.width));
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
}

test('a view reads the same windows windowBatches copies, at strides 1 and 3', async () => {
  const x = series(50, 3);
  for (const stride of [1, 3]) {
    const view: WindowView = { series: x, metrics: 3, starts: windowStarts(50, 8, stride), sizes: [8] };
    const expected = await copied(x, 3, 8, stride);
    assert.equal(view.starts.length * 8 * 3, expected.length, `stride ${stride}: window count`);
    assert.deepEqual(gatherWindows(view, 0, view.starts.length), expected, `stride ${stride}`);
  }
});

test('several lengths: a view reads the longest window widened with the newest rows of the others', async () => {
  const x = series(40, 2);
  const longest = await copied(x, 2, 12, 1);
  const view: WindowView = { series: x, metrics: 2, starts: windowStarts(40, 12, 1), sizes: [12, 5] };
  assert.deepEqual(gatherWindows(view, 0, view.starts.length), widenWindows(longest, 29, [12, 5], 2));
  // A chunk in the middle is the same slice.
  assert.deepEqual(gatherWindows(view, 10, 4), widenWindows(longest, 29, [12, 5], 2).subarray(10 * 34, 14 * 34));
});

test('a scaler fitted through a view equals one fitted on the copied windows, every kind', async () => {
  const x = series(60, 3);
  const cases: { sizes: number[]; stride: number; keep?: (i: number) => boolean }[] = [
    { sizes: [6], stride: 1 },
    { sizes: [6], stride: 4 },
    { sizes: [9, 4], stride: 1 },
    { sizes: [6], stride: 1, keep: (i) => i % 3 !== 1 }, // a selection (training windows only)
  ];
  for (const { sizes, stride, keep } of cases) {
    let view: WindowView = { series: x, metrics: 3, starts: windowStarts(60, sizes[0]!, stride), sizes };
    if (keep) view = selectWindows(view, Array.from(view.starts.keys()).filter(keep));
    const windows = gatherWindows(view, 0, view.starts.length);
    const width = windows.length / view.starts.length;
    for (const kind of SCALER_KINDS) {
      for (const period of [undefined, 3]) {
        const a = fitViewScaler(kind, view, period);
        const b = fitScaler(kind, windows, width, period);
        const label = `${kind} sizes ${sizes} stride ${stride}${keep ? ' selected' : ''} period ${period}`;
        a.offset.forEach((v, j) =>
          assert.ok(Math.abs(v - b.offset[j]!) <= 1e-9 * (1 + Math.abs(v)), `${label} offset ${j}`),
        );
        a.scale.forEach((v, j) =>
          assert.ok(Math.abs(v - b.scale[j]!) <= 1e-9 * (1 + Math.abs(v)), `${label} scale ${j}`),
        );
      }
    }
  }
});

test('row weights count how many samples read each row', () => {
  const view: WindowView = { series: new Float32Array(10), metrics: 1, starts: windowStarts(10, 4, 2), sizes: [4, 2] };
  // Windows start at 0, 2, 4, 6; each reads its 4 rows and again its newest 2.
  assert.deepEqual(Array.from(rowWeights(view)), [1, 1, 3, 3, 3, 3, 3, 3, 2, 2]);
});

test('a view set is scored in chunks that carry their windows, spans and the lead once', () => {
  const x = series(30, 1);
  const view: WindowView = { series: x, metrics: 1, starts: windowStarts(30, 5, 1), sizes: [5] };
  const n = view.starts.length;
  const set = {
    values: new Float32Array(0),
    width: 5,
    count: n,
    index: Int32Array.from({ length: n }, (_, k) => k),
    start: view.starts.slice(),
    end: view.starts.map((s) => s + 5),
    lead: { index: [0, 1, 2, 3] },
    view,
  };
  const chunks = [...viewBatches(set, 10)];
  assert.deepEqual(
    chunks.map((c) => c.count),
    [10, 10, 6],
  );
  assert.deepEqual(
    chunks.map((c) => c.lead !== undefined),
    [true, false, false],
  );
  assert.deepEqual(chunks[2]!.values, gatherWindows(view, 20, 6));
  assert.deepEqual(Array.from(chunks[1]!.start!), [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
});
