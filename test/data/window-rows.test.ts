// Windows kept as rows (what `ae watch --relearn` refits on) must read back exactly the windows
// that were kept — across gaps, after old ones are dropped, and through their JSON.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WindowRows } from '../../src/data/window-rows.js';
import { gatherWindows } from '../../src/data/window-view.js';

const METRICS = 2;
const SIZE = 4;

/** Row r of a series: two metrics, distinct everywhere. */
const row = (r: number) => [r, 1000 + r * 0.5];

/** The window of SIZE rows ending at row `end` (inclusive), row-major. */
const windowAt = (end: number) =>
  Float32Array.from(Array.from({ length: SIZE }, (_, k) => row(end - SIZE + 1 + k)).flat());

const windowsOf = (w: WindowRows) => {
  const v = w.view([SIZE]);
  return Array.from({ length: v.starts.length }, (_, i) => Array.from(gatherWindows(v, i, 1)));
};

test('consecutive windows are kept once per row, and read back as the windows added', () => {
  const w = new WindowRows(METRICS, SIZE);
  const ends = Array.from({ length: 20 }, (_, i) => i + SIZE - 1);
  for (const e of ends) w.add(windowAt(e), e % 3 !== 0);
  const kept = ends.filter((e) => e % 3 !== 0);
  assert.deepEqual(
    windowsOf(w),
    kept.map((e) => Array.from(windowAt(e))),
  );
  // 20 windows of 4 rows at stride 1: 23 rows, not 80.
  assert.equal(w.view([SIZE]).series.length, 23 * METRICS);
});

test('a window that does not go on from the last (after a gap) brings all its rows', () => {
  const w = new WindowRows(METRICS, SIZE);
  for (const e of [3, 4, 5, 50, 51, 52]) w.add(windowAt(e), true);
  assert.deepEqual(
    windowsOf(w),
    [3, 4, 5, 50, 51, 52].map((e) => Array.from(windowAt(e))),
  );
  assert.equal(w.view([SIZE]).series.length, (6 + 6) * METRICS);
});

test('keepNewest drops the oldest windows and, in time, the rows only they read', () => {
  const w = new WindowRows(METRICS, SIZE);
  const ends = Array.from({ length: 200 }, (_, i) => i + SIZE - 1);
  for (const [i, e] of ends.entries()) {
    w.add(windowAt(e), e % 2 === 0);
    w.keepNewest(10);
    // After every step, compacted or not: the newest 10 kept, as they were added.
    const kept = ends
      .slice(0, i + 1)
      .filter((x) => x % 2 === 0)
      .slice(-10);
    assert.deepEqual(
      windowsOf(w),
      kept.map((x) => Array.from(windowAt(x))),
      `after the window ending at ${e}`,
    );
  }
  assert.equal(w.count, 10);
  assert.ok(w.view([SIZE]).series.length <= 2 * (20 + SIZE) * METRICS, 'rows are compacted');
  // The next window still goes on from the kept rows (one row added).
  const before = w.view([SIZE]).series.length;
  w.add(windowAt(ends.at(-1)! + 1), true);
  assert.equal(w.view([SIZE]).series.length, before + METRICS);
});

test('its JSON gives back the same windows, and the same rows to go on from', () => {
  const w = new WindowRows(METRICS, SIZE);
  for (let e = SIZE - 1; e < 40; e++) w.add(windowAt(e), e % 5 !== 0);
  const back = WindowRows.fromJSON(JSON.parse(JSON.stringify(w.toJSON())), METRICS, SIZE);
  assert.deepEqual(windowsOf(back), windowsOf(w));
  const rows = back.view([SIZE]).series.length;
  back.add(windowAt(40), true);
  assert.equal(back.view([SIZE]).series.length, rows + METRICS, 'the saved rows are the ones a next window follows');
});
