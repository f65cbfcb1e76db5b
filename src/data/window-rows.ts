// Windows kept as the rows they are cut from, each row once (a window is its first row's
// position), so a later fit can train on them through a view (window-view.ts) without holding
// every row once per window it is in. Windows arrive in order, each as its L rows; a window that
// goes on from the previous one (its first L − 1 rows are the kept rows' last L − 1) adds only
// its newest row, any other (the first, one after a gap) adds all of its rows.
import type { WindowView } from './window-view.js';

/** A WindowRows as plain JSON: its rows as base64 float32 (exact), the windows' starts. */
export interface WindowRowsJson {
  rows: string;
  starts: number[];
}

export class WindowRows {
  private series: Float32Array;
  private rows = 0;
  /** The kept windows' first rows; those before `head` were dropped. */
  private starts: number[] = [];
  private head = 0;

  constructor(
    /** Values per row. */
    readonly metrics: number,
    /** Rows per window. */
    readonly size: number,
  ) {
    this.series = new Float32Array(Math.max(1, 256 * metrics));
  }

  /** Windows kept. */
  get count(): number {
    return this.starts.length - this.head;
  }

  /** Adds the rows of a window (size × metrics, row-major); keeps it as a window if `keep`. */
  add(window: Float32Array, keep: boolean): void {
    const c = this.metrics;
    const overlap = (this.size - 1) * c;
    if (!(this.rows >= this.size - 1 && this.follows(window, overlap))) this.push(window.subarray(0, overlap));
    this.push(window.subarray(overlap, this.size * c));
    if (keep) this.starts.push(this.rows - this.size);
  }

  /** Keeps the newest `n` windows at most; rows no window (nor the next one's overlap) reads go. */
  keepNewest(n: number): void {
    if (this.count > n) this.head = this.starts.length - n;
    const first = Math.min(this.count ? this.starts[this.head]! : this.rows, this.rows - (this.size - 1));
    // Compacted when at least half the rows are dead: each row is copied O(1) times on average.
    if (first > 0 && first * 2 >= this.rows) this.dropRows(Math.max(0, first));
  }

  /** The kept windows as a view over rows (copied: later adds do not show in it). */
  view(sizes: number[]): WindowView {
    return {
      series: this.series.slice(0, this.rows * this.metrics),
      metrics: this.metrics,
      starts: Int32Array.from(this.starts.slice(this.head)),
      sizes,
    };
  }

  toJSON(): WindowRowsJson {
    const bytes = this.series.slice(0, this.rows * this.metrics);
    return { rows: Buffer.from(bytes.buffer).toString('base64'), starts: this.starts.slice(this.head) };
  }

  static fromJSON(json: WindowRowsJson, metrics: number, size: number): WindowRows {
    const w = new WindowRows(metrics, size);
    const bytes = Buffer.from(json.rows, 'base64');
    const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    w.push(values);
    w.starts = [...json.starts];
    return w;
  }

  /** Whether the window's first `overlap` values are the kept rows' last. */
  private follows(window: Float32Array, overlap: number): boolean {
    const from = this.rows * this.metrics - overlap;
    for (let j = 0; j < overlap; j++) if (this.series[from + j] !== window[j]) return false;
    return true;
  }

  private push(values: Float32Array): void {
    const need = this.rows * this.metrics + values.length;
    if (need > this.series.length) {
      const next = new Float32Array(Math.max(need, this.series.length * 2));
      next.set(this.series.subarray(0, this.rows * this.metrics));
      this.series = next;
    }
    this.series.set(values, this.rows * this.metrics);
    this.rows += values.length / this.metrics;
  }

  private dropRows(first: number): void {
    const c = this.metrics;
    this.series.copyWithin(0, first * c, this.rows * c);
    this.rows -= first;
    this.starts = this.starts.slice(this.head).map((s) => s - first);
    this.head = 0;
  }
}
