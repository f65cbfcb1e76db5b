// Gaps in time, where windows break (decisions #62). A window reads its rows as consecutive
// steps; across a scrape gap of 95 minutes it would read the two sides as 5 minutes apart, and
// a leak's slope or a restart's jump shows as one step's change. So a series sampled on a
// schedule breaks its windows where a step is more than GAP_STEPS typical steps: windows start
// afresh after it, and the rows before the first new window are recorded unscored. A series
// whose steps vary (more than 1 % of them off the typical step by over 10 %: event-driven or
// resampled data, such as NAB's traffic files) is a sequence of observations: nothing breaks.
import { timeOf } from './time-columns.js';

/** A step longer than this many typical steps is a gap (4 or more scrapes missed). */
export const GAP_STEPS = 5;

/** Ids as times in ms, parsed once (NaN where an id is not a time). */
export function timesOf(ids: readonly (string | undefined)[]): Float64Array {
  return Float64Array.from(ids, (id) => (id === undefined ? NaN : (timeOf(id) ?? NaN)));
}

/** The typical step (ms) of times sampled on a schedule, or null (too few, or irregular). */
export function regularStep(times: ArrayLike<number>): number | null {
  const steps: number[] = [];
  let before: number | null = null;
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    if (t !== t) return null; // not every id is a time
    if (before !== null) steps.push(t - before);
    before = t;
  }
  if (steps.length < 10) return null;
  const sorted = Float64Array.from(steps).sort();
  const step = sorted[sorted.length >> 1]!;
  if (!(step > 0)) return null;
  const off = steps.filter((s) => Math.abs(s - step) > 0.1 * step).length;
  return off <= 0.01 * steps.length ? step : null;
}

/** Finds the rows that follow a gap, one row's time at a time. */
export class GapFinder {
  private previous: number | null = null;

  constructor(private readonly step: number) {}

  /** Whether the row with this id follows a gap (rows out of order or without a time: no). */
  isGap(id: string): boolean {
    return this.isGapAt(timeOf(id) ?? NaN);
  }

  /** The same for a time already parsed (NaN: none). */
  isGapAt(t: number): boolean {
    if (t !== t) return false;
    const before = this.previous;
    this.previous = t;
    return before !== null && t - before > GAP_STEPS * this.step;
  }
}
