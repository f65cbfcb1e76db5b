// Windows of one or several metrics: W consecutive rows, time first, each row's metrics in order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyBatch, type Batch } from '../../src/data/batch.js';
import { windowBatches } from '../../src/data/windows.js';

/** Rows r = 0..n−1 of `metrics` columns, value 10·r + column, in batches of `per` rows. */
async function* rows(n: number, metrics: number, per: number): AsyncGenerator<Batch> {
  for (let a = 0; a < n; a += per) {
    const b = emptyBatch(Math.min(per, n - a), metrics);
    for (let r = a; r < Math.min(a + per, n); r++) {
      for (let c = 0; c < metrics; c++) b.values[b.count * metrics + c] = 10 * r + c;
      b.index[b.count++] = r;
    }
    yield b;
  }
}

async function all(gen: AsyncGenerator<Batch>): Promise<{ values: number[][]; start: number[]; end: number[] }> {
  const out = { values: [] as number[][], start: [] as number[], end: [] as number[] };
  for await (const b of gen) {
    for (let i = 0; i < b.count; i++) {
      out.values.push(Array.from(b.values.subarray(i * b.width, (i + 1) * b.width)));
      out.start.push(b.start![i]!);
      out.end.push(b.end![i]!);
    }
  }
  return out;
}

test('three metrics, windows of 4 rows at stride 1: oldest row first, metrics in column order', async () => {
  const w = await all(windowBatches(rows(9, 3, 2), 4, 1, 3));
  assert.equal(w.values.length, 6);
  for (let k = 0; k < 6; k++) {
    const expected = [];
    for (let r = k; r < k + 4; r++) for (let c = 0; c < 3; c++) expected.push(10 * r + c);
    assert.deepEqual(w.values[k], expected, `window ${k}`);
    assert.equal(w.start[k], k);
    assert.equal(w.end[k], k + 4);
  }
});

test('stride 3 over one metric, and the rows before the first window as lead rows', async () => {
  const w = await all(windowBatches(rows(11, 1, 5), 4, 3));
  assert.deepEqual(w.values, [
    [0, 10, 20, 30],
    [30, 40, 50, 60],
    [60, 70, 80, 90],
  ]);
  let lead: number[] = [];
  for await (const b of windowBatches(rows(6, 2, 4), 4, 1, 8, { lead: true })) lead = b.lead?.index ?? lead;
  assert.deepEqual(lead, [0, 1, 2]);
});
