// What the scan plots need of the data, kept while a file streams by, so `ae scan --model --out`
// draws the same pictures as a scan that fits on the file. Rows: the values of the first few
// hundred normal, high and low rows. Windows of one long series: the series itself, one value
// per data line. Memory is bounded (rows) or grows with the series length, never rows × width.

/**
 * Rows drawn at most: normal ones (beyond this the picture is a solid band anyway), and flagged
 * ones of each tail (the first in the file; flagged.json lists them all).
 */
export const MAX_PLOTTED_ROWS = { normal: 200, high: 200, low: 200 };

export interface PlottedRow {
  index: number;
  values: Float32Array;
  tail: 'high' | 'low' | null;
}

export class PlotSample {
  readonly rows: PlottedRow[] = [];
  private plottedRows = { normal: 0, high: 0, low: 0 };
  /** Windows: the first data line, the values from it on (NaN where no window reached). */
  first = -1;
  private buffer = new Float32Array(1024);
  private filled = 0;
  /** Windows with --id: the id of a data line where one is known (every window's last line). */
  readonly lineIds: (string | undefined)[] = [];

  /** A row sample with its raw (unscaled) values; copied only when it will be drawn. */
  addRow(index: number, values: Float32Array, tail: 'high' | 'low' | null): void {
    const kind = tail ?? 'normal';
    if (this.plottedRows[kind]++ >= MAX_PLOTTED_ROWS[kind]) return;
    this.rows.push({ index, values: values.slice(), tail });
  }

  /** A window over data lines start .. end − 1; only lines not yet covered are stored. */
  addWindow(start: number, end: number, values: Float32Array, ids?: { start: string; end: string }): void {
    if (this.first < 0) this.first = start;
    end = Math.min(end, start + values.length); // a blank line inside a window shifts the rest; rare
    const from = Math.max(start, this.first + this.filled);
    if (from >= end) return;
    this.grow(end - this.first);
    this.buffer.fill(NaN, this.filled, from - this.first);
    for (let line = from; line < end; line++) this.buffer[line - this.first] = values[line - start]!;
    this.filled = end - this.first;
    if (ids) {
      this.lineIds[start - this.first] = ids.start;
      this.lineIds[end - 1 - this.first] = ids.end;
    }
  }

  /** Windows: the series from `first` on. */
  get series(): Float32Array {
    return this.buffer.subarray(0, this.filled);
  }

  get windowed(): boolean {
    return this.first >= 0;
  }

  private grow(length: number): void {
    if (length <= this.buffer.length) return;
    const next = new Float32Array(Math.max(length, this.buffer.length * 2));
    next.set(this.buffer.subarray(0, this.filled));
    this.buffer = next;
  }
}
