// Counters: a column that only rises — but for resets to near zero when a process restarts —
// counts events since a start (Prometheus' `errors_total`). Read as a level it rises for ever
// and every later row looks anomalous; what means something is its increase per row, which is
// what every Prometheus user takes first (`increase`, reset-aware). A column is a counter when
// its name says so (OpenMetrics: `_total`; also `_count`, `_sum`) or its first rows do (never
// falling but to near zero, and falling so at least once), unless told otherwise
// (`--counter COL`, `--no-counter COL`). The choice is stored with the columns in the bundle,
// so a scan reads them alike (decisions #58).
import type { Batch } from './batch.js';
import { isMissing } from './cells.js';
import type { CsvColumn } from './csv-sniff.js';
import { timeOf } from './time-columns.js';

/** Names that say counter: OpenMetrics requires `_total`; histograms and summaries add these. */
const COUNTER_NAME = /(_total|_count|_sum)$/;

/** Columns named by the user: counters for sure, or never. */
export interface CounterChoice {
  force?: string[];
  never?: string[];
}

/** Whether the cells of a column (its first rows, as text) look like a counter with a reset. */
export function looksLikeCounter(cells: string[]): boolean {
  const v = cells.filter((c) => !isMissing(c)).map(Number);
  // Counts are never negative; a spiky gauge falls to zero often, a counter rarely restarts.
  if (v.length < 5 || v.some((x) => !Number.isFinite(x) || x < 0)) return false;
  let rises = 0;
  let resets = 0;
  for (let i = 1; i < v.length; i++) {
    const d = v[i]! - v[i - 1]!;
    if (d > 0) rises++;
    else if (d < 0) {
      if (v[i]! > 0.1 * v[i - 1]!) return false; // a fall, not a reset
      resets++;
    }
  }
  return resets > 0 && resets <= (v.length - 1) / 10 && rises >= (v.length - 1) / 2;
}

/** Marks the counters among `columns` (`cells(c)`: the column's first cells). */
export function markCounters(
  columns: CsvColumn[],
  cells: (c: CsvColumn) => string[],
  choice: CounterChoice = {},
): CsvColumn[] {
  const named = (c: CsvColumn, list?: string[]) => list?.some((n) => n === c.name || n === String(c.number)) === true;
  return columns.map((c) => {
    if (c.categories || named(c, choice.never)) return c;
    const counter = named(c, choice.force) || COUNTER_NAME.test(c.name) || looksLikeCounter(cells(c));
    return counter ? { ...c, counter: true } : c;
  });
}

/**
 * Row batches with each counter column read as its increase since the row before: the value
 * itself after a reset (it restarted from zero), 0 on the first row (nothing before it).
 * With times (the rows' ids), an increase across a gap is spread over the steps it covers, as
 * Prometheus' `rate` divides by the time elapsed: 18 missed scrapes' errors are not one row's.
 * `columns()`: the reader's columns, known once the first batch is read.
 */
export async function* counterIncreases(
  batches: AsyncIterable<Batch> | Iterable<Batch>,
  columns: () => CsvColumn[],
): AsyncGenerator<Batch> {
  let which: number[] | null = null;
  let last: Float64Array | null = null;
  const steps = new StepTracker();
  for await (const b of batches) {
    if (which === null) {
      which = columns().flatMap((c, j) => (c.counter ? [j] : []));
      last = new Float64Array(which.length).fill(NaN);
    }
    if (which.length === 0) {
      yield b; // no counter: nothing per row (every scan passes through here)
      continue;
    }
    for (let i = 0; i < b.count; i++) {
      const per = b.ids ? steps.stepsCovered(b.ids[i]!) : 1;
      which.forEach((j, k) => {
        const at = i * b.width + j;
        const v = b.values[at]!;
        if (v !== v) return; // missing: filled later, or refused
        const before = last![k]!;
        b.values[at] = before !== before ? 0 : (v >= before ? v - before : v) / per;
        last![k] = v;
      });
    }
    yield b;
  }
}

/** How many typical steps each row's time is after the row before (1 without times). */
class StepTracker {
  private previous: number | null = null;
  private readonly seen: number[] = [];
  private step: number | null = null;

  stepsCovered(id: string): number {
    const t = timeOf(id);
    if (t === null) return 1;
    const before = this.previous;
    this.previous = t;
    if (before === null || t <= before) return 1;
    const dt = t - before;
    // The typical step: the median of the first 32 (time-order.ts reports the same gaps).
    if (this.seen.length < 32) {
      this.seen.push(dt);
      const sorted = [...this.seen].sort((a, b) => a - b);
      this.step = sorted[sorted.length >> 1]!;
    }
    const covered = dt / this.step!;
    return covered > 1.5 ? covered : 1;
  }
}
