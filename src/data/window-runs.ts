// Where a series read whole is cut into windows: runs of rows between gaps in time (gaps.ts),
// windows inside each run, and the rows no window ends at (each run's first size − 1), which
// become unscored records for a record per row — as windowBatches cuts a stream.
import { GapFinder } from './gaps.js';
import { windowStarts } from './window-view.js';

/** Rows (by position in the series) recorded before the window numbered `before`. */
export interface RunLead {
  before: number;
  rows: number[];
  /** Rows from this position on follow a gap (absent: none does). */
  afterGapFrom?: number;
}

export interface WindowRuns {
  /** Each window's first row. */
  starts: Int32Array;
  leads: RunLead[];
  /** Gaps the windows break at. */
  breaks: number;
}

export function windowRuns(
  count: number,
  /** The rows' times in ms (gaps.ts' timesOf), or null. */
  times: ArrayLike<number> | null,
  size: number,
  stride: number,
  gapStep: number | null,
): WindowRuns {
  const bounds = [0];
  if (gapStep && times) {
    const gaps = new GapFinder(gapStep);
    for (let i = 0; i < count; i++) if (gaps.isGapAt(times[i]!) && i > 0) bounds.push(i);
  }
  bounds.push(count);
  const starts: number[] = [];
  const leads: RunLead[] = [];
  for (let r = 0; r + 1 < bounds.length; r++) {
    const [from, to] = [bounds[r]!, bounds[r + 1]!];
    const rows = Array.from({ length: Math.min(size - 1, to - from) }, (_, i) => from + i);
    const last = leads.at(-1);
    if (last && last.before === starts.length) {
      // The run before filled no window: its rows wait with these, in line order.
      if (r > 0) last.afterGapFrom ??= last.rows.length;
      last.rows.push(...rows);
    } else if (rows.length) leads.push({ before: starts.length, rows, ...(r > 0 ? { afterGapFrom: 0 } : {}) });
    for (const s of windowStarts(to - from, size, stride)) starts.push(from + s);
  }
  return { starts: Int32Array.from(starts), leads, breaks: bounds.length - 2 };
}
