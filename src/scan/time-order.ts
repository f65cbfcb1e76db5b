// What a series' times say about it, learned as records stream by: its typical step, the gaps
// in it (steps much longer than typical: a scrape or a logger missed rows), and rows that go
// back in time or repeat the time before them. A window that spans a gap, or rows out of order,
// would be read as if the rows followed each other: ae says so (decisions #57).
import { timeOf } from '../data/time-columns.js';
import { GAP_STEPS as GAP_STEPS_BREAK } from '../data/gaps.js';

/** Steps the typical one is taken from (the median of the first ones). */
const FIRST_STEPS = 64;
/** A step this many typical steps long is a gap. */
const GAP_STEPS = 1.5;

export interface TimeFacts {
  /** The typical step in ms (the median of the first steps). */
  step: number;
  gaps: number;
  /** The longest gap: its length in ms, and the line (and id) after which it opens. */
  longestGap: { ms: number; after: number; afterId: string } | null;
  /** Rows earlier than a row before them, and rows at the same time as the one before. */
  outOfOrder: number;
  repeated: number;
  /** The first row out of order, if any. */
  firstOutOfOrder: { index: number; id: string } | null;
  /** Windows broken at gaps (data/gaps.ts): the rows after them recorded unscored. */
  unscoredAfterGaps?: number;
}

export class TimeOrder {
  private last: { t: number; index: number; id: string } | null = null;
  private latest = -Infinity;
  private readonly firstSteps: number[] = [];
  private step: number | null = null;
  private facts: Omit<TimeFacts, 'step'> = {
    gaps: 0,
    longestGap: null,
    outOfOrder: 0,
    repeated: 0,
    firstOutOfOrder: null,
  };
  /** Gaps among the first steps, judged once the typical step is known. */
  private early: { ms: number; after: number; afterId: string }[] = [];
  private timed: boolean | null = null;

  /** The next row's id, in stream order (ids that are not times are ignored, all of them). */
  see(index: number, id: string): void {
    if (this.timed === false) return;
    const t = timeOf(id);
    this.timed ??= t !== null;
    if (t === null) return;
    const last = this.last;
    this.last = { t, index, id };
    if (!last) return void (this.latest = t);
    const d = t - last.t;
    if (d === 0) this.facts.repeated++;
    if (t < this.latest) {
      this.facts.outOfOrder++;
      this.facts.firstOutOfOrder ??= { index, id };
    }
    this.latest = Math.max(this.latest, t);
    if (d <= 0) return;
    if (this.step === null) {
      this.firstSteps.push(d);
      this.early.push({ ms: d, after: last.index, afterId: last.id });
      if (this.firstSteps.length >= FIRST_STEPS) this.settle();
    } else this.judge({ ms: d, after: last.index, afterId: last.id });
  }

  private settle(): void {
    const sorted = [...this.firstSteps].sort((a, b) => a - b);
    this.step = sorted[sorted.length >> 1]!;
    for (const g of this.early) this.judge(g);
    this.early = [];
  }

  private judge(g: { ms: number; after: number; afterId: string }): void {
    if (g.ms < GAP_STEPS * this.step!) return;
    this.facts.gaps++;
    if (!this.facts.longestGap || g.ms > this.facts.longestGap.ms) this.facts.longestGap = g;
  }

  /** What the times said (null: no times, or too few to have a step). */
  result(): TimeFacts | null {
    if (this.step === null && this.firstSteps.length > 0) this.settle();
    if (this.step === null) return null;
    return { step: this.step, ...this.facts };
  }
}

/** 90 min, 5 min, 2 h, 1.5 d: a span as people say it. */
export function span(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  for (const [size, name] of units) {
    if (ms >= size && (ms % size === 0 || ms >= 10 * size || size === 1000))
      return `${Number((ms / size).toPrecision(3))} ${name}`;
  }
  return `${ms} ms`;
}

/** What to tell a person about the times: notes, and warnings for what reads wrong. */
export function timeMessages(f: TimeFacts | null): { notes: string[]; warnings: string[] } {
  if (!f) return { notes: [], warnings: [] };
  const notes: string[] = [];
  const warnings: string[] = [];
  if (f.gaps > 0 && f.longestGap)
    notes.push(
      `note: times step ${span(f.step)}; ${f.gaps} gap(s), the longest ${span(f.longestGap.ms)} after ${f.longestGap.afterId} (data line ${f.longestGap.after}): ` +
        (f.unscoredAfterGaps
          ? `windows start afresh after gaps over ${GAP_STEPS_BREAK} steps (${f.unscoredAfterGaps} row(s) after them unscored until a window filled); shorter ones are read across`
          : `windows read across them (they break only at gaps over ${GAP_STEPS_BREAK} steps in times on a schedule)`),
    );
  if (f.outOfOrder > 0)
    warnings.push(
      `${f.outOfOrder} row(s) go back in time (the first: data line ${f.firstOutOfOrder!.index}, ${f.firstOutOfOrder!.id}): a series is read in file order; sort the rows by time`,
    );
  if (f.repeated > 0)
    warnings.push(
      `${f.repeated} row(s) repeat the time of the row before: several series in one file? (one per host: split the file, or keep one)`,
    );
  return { notes, warnings };
}

/** An epoch id (seconds or ms) as ISO 8601 UTC; undefined for ids that are not epochs (their text is already readable). */
export function epochIso(id: string | undefined): string | undefined {
  if (id === undefined || !/^\s*\d{10}(\.\d+)?\s*$|^\s*\d{13}\s*$/.test(id)) return undefined;
  const t = timeOf(id);
  return t === null ? undefined : new Date(t).toISOString();
}

/** An incident's epoch ids as ISO times (none for other ids). */
export function isoTimes(iv: { startId?: string; endId?: string }): { startTime?: string; endTime?: string } {
  const start = epochIso(iv.startId);
  const end = epochIso(iv.endId);
  return { ...(start ? { startTime: start } : {}), ...(end ? { endTime: end } : {}) };
}
