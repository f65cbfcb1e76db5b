// Windows break at gaps in time when times are on a schedule; never across one, in a stream or
// in a file read whole, and the rows after a gap are recorded as such.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyBatch, type Batch } from '../../src/data/batch.js';
import { GAP_STEPS, GapFinder, regularStep, timesOf } from '../../src/data/gaps.js';
import { windowRuns } from '../../src/data/window-runs.js';
import { windowBatches } from '../../src/data/windows.js';

const MIN = 60_000;
const at = (minute: number) => new Date(Date.UTC(2026, 2, 2) + minute * MIN).toISOString();
/** One row a minute, the minutes in `skip` missing. */
function minutes(n: number, skip: [number, number][]): number[] {
  const out: number[] = [];
  for (let m = 0; out.length < n; m++) if (!skip.some(([a, b]) => m >= a && m < b)) out.push(m);
  return out;
}

test('a schedule has a step; irregular times (over 1 % of steps off) have none', () => {
  assert.equal(regularStep(timesOf(minutes(200, [[50, 80]]).map(at))), MIN);
  const jittery = minutes(200, []).map((m, i) => at(m + (i % 10 === 0 ? 0.5 : 0)));
  assert.equal(regularStep(timesOf(jittery)), null);
  assert.equal(regularStep(timesOf(['a', 'b', 'c'])), null);
});

test('a gap is a step over GAP_STEPS typical steps', () => {
  const g = new GapFinder(MIN);
  assert.deepEqual(
    [0, 1, 2, 2 + GAP_STEPS, 3 + 2 * GAP_STEPS].map((m) => g.isGap(at(m))),
    [false, false, false, false, true],
  );
});

test('runs: windows inside each run, the rows no window ends at recorded before the next window', () => {
  // Rows 0..19, a gap before row 12; windows of 4.
  const ids = minutes(20, [[12, 42]]).map(at);
  const runs = windowRuns(20, timesOf(ids), 4, 1, MIN);
  assert.equal(runs.breaks, 1);
  assert.deepEqual(Array.from(runs.starts), [0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 13, 14, 15, 16]);
  assert.deepEqual(runs.leads, [
    { before: 0, rows: [0, 1, 2] },
    { before: 9, rows: [12, 13, 14], afterGapFrom: 0 },
  ]);
  // A run too short for a window: its rows wait with the next run's.
  const short = windowRuns(
    12,
    timesOf(
      minutes(12, [
        [5, 35],
        [37, 70],
      ]).map(at),
    ),
    4,
    1,
    MIN,
  );
  assert.deepEqual(Array.from(short.starts), [0, 1, 7, 8]);
  assert.deepEqual(short.leads.at(-1), { before: 2, rows: [5, 6, 7, 8, 9], afterGapFrom: 0 });
  // Without a step nothing breaks.
  assert.equal(windowRuns(20, timesOf(ids), 4, 1, null).starts.length, 17);
});

test('a stream breaks its windows where a file read whole does, with the same lead rows', async () => {
  const ids = minutes(40, [[15, 40]]).map(at);
  async function* rows(): AsyncGenerator<Batch> {
    for (let a = 0; a < 40; a += 7) {
      const b = emptyBatch(Math.min(7, 40 - a), 1, { ids: true });
      for (let r = a; r < Math.min(a + 7, 40); r++) {
        b.values[b.count] = r;
        b.index[b.count++] = r;
        b.ids!.push(ids[r]!);
      }
      yield b;
    }
  }
  const starts: number[] = [];
  const leads: { index: number[]; afterGapFrom?: number }[] = [];
  const order: number[] = []; // line order of everything emitted
  for await (const b of windowBatches(rows(), 6, 1, 5, { lead: true, gapStep: MIN })) {
    if (b.lead) {
      leads.push({
        index: b.lead.index,
        ...(b.lead.afterGapFrom !== undefined ? { afterGapFrom: b.lead.afterGapFrom } : {}),
      });
      order.push(...b.lead.index);
    }
    for (let i = 0; i < b.count; i++) {
      starts.push(b.start![i]!);
      assert.ok(!(b.start![i]! < 15 && b.end![i]! > 15), `window ${b.start![i]}–${b.end![i]} spans the gap`);
      order.push(b.end![i]! - 1);
    }
  }
  const runs = windowRuns(40, timesOf(ids), 6, 1, MIN);
  assert.deepEqual(starts, Array.from(runs.starts));
  assert.deepEqual(leads, [{ index: [0, 1, 2, 3, 4] }, { index: [15, 16, 17, 18, 19], afterGapFrom: 0 }]);
  assert.deepEqual(
    order,
    Array.from({ length: 40 }, (_, i) => i),
    'every line once, in order',
  );
});
