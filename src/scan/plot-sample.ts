// What the scan plots need of the data, kept while a file streams by, so `ae scan --model --out`
// draws the same pictures as a scan that fits on the file. Rows: the values of the first few
// hundred normal, high and low rows. A series (windows of one or several metrics, or rows keyed
// by time): every metric's value per data line. Memory is bounded (rows) or grows with the
// series length times its few metrics, never rows × a wide file's width.

/**
 * Rows drawn at most: normal ones (beyond this the picture is a solid band anyway), and flagged
 * ones of each tail (the first in the file; flagged.json lists them all).
 */
import { timeOf } from '../data/time-columns.js';

export const MAX_PLOTTED_ROWS = { normal: 200, high: 200, low: 200 };

/** Rows with an id are also kept as a series (drawn against time) up to this many columns. */
export const MAX_SERIES_METRICS = 16;

export interface PlottedRow {
  index: number;
  values: Float32Array;
  tail: 'high' | 'low' | null;
}

export class PlotSample {
  readonly rows: PlottedRow[] = [];
  private plottedRows = { normal: 0, high: 0, low: 0 };
  /** A series: the first data line, the values from it on (NaN where no sample reached). */
  first = -1;
  private buffer = new Float32Array(1024);
  /** Lines stored so far, from `first`. */
  private filled = 0;
  /** The id of a data line where one is known (windows: every window's first and last line). */
  readonly lineIds: (string | undefined)[] = [];
  /** Whether the samples are windows (else rows kept as a series for a time axis). */
  private windows = false;

  /** `metrics`: values per data line (a window's columns; rows set it from their width). */
  constructor(public metrics = 1) {}

  /** A row sample with its raw (unscaled) values; copied only when it will be drawn. */
  addRow(index: number, values: Float32Array, tail: 'high' | 'low' | null, id?: string): void {
    if (this.rows.length === 0 && this.filled === 0) this.metrics = values.length;
    if (id !== undefined && values.length <= MAX_SERIES_METRICS && this.timed(id)) {
      this.addLines(index, index + 1, values, id, id);
    }
    const kind = tail ?? 'normal';
    if (this.plottedRows[kind]++ >= MAX_PLOTTED_ROWS[kind]) return;
    this.rows.push({ index, values: values.slice(), tail });
  }

  /** A window over data lines start .. end − 1 (`metrics` values per line); new lines only. */
  addWindow(start: number, end: number, values: Float32Array, ids?: { start: string; end: string }): void {
    this.windows = true;
    this.addLines(start, end, values, ids?.start, ids?.end);
  }

  private addLines(start: number, end: number, values: Float32Array, startId?: string, endId?: string): void {
    const m = this.metrics;
    if (this.first < 0) this.first = start;
    end = Math.min(end, start + values.length / m); // a blank line inside a window shifts the rest; rare
    const from = Math.max(start, this.first + this.filled);
    if (from >= end) return;
    this.grow((end - this.first) * m);
    this.buffer.fill(NaN, this.filled * m, (from - this.first) * m);
    this.buffer.set(values.subarray((from - start) * m, (end - start) * m), (from - this.first) * m);
    this.filled = end - this.first;
    if (startId !== undefined) this.lineIds[start - this.first] = startId;
    if (endId !== undefined) this.lineIds[end - 1 - this.first] = endId;
  }

  /** A series scored per line: each line's 1 − likelihood (NaN where none), from `first` on. */
  private tails: Float32Array | null = null;

  /** The likelihood of a data line's record (a record per row). */
  addLikelihood(line: number, likelihood: number): void {
    if (this.first < 0 || line < this.first) return;
    const at = line - this.first;
    if (!this.tails || at >= this.tails.length) {
      const next = new Float32Array(Math.max(1024, (at + 1) * 2)).fill(NaN);
      if (this.tails) next.set(this.tails);
      this.tails = next;
    }
    // Clamped where float32 and the printed 10 decimals end: 1 − 0.9999999999.
    this.tails[at] = Math.max(1 - likelihood, 1e-10);
  }

  /** Each line's 1 − likelihood from `first` (NaN where none), or null without likelihoods. */
  likelihoodTails(): Float32Array | null {
    if (!this.tails) return null;
    const out = new Float32Array(this.filled).fill(NaN);
    out.set(this.tails.subarray(0, Math.min(this.filled, this.tails.length)));
    return out;
  }

  /** A series: data lines stored from `first` on. */
  get lines(): number {
    return this.filled;
  }

  /** Metric m's values, one per line from `first` (NaN where no sample reached). */
  metric(m: number): Float32Array {
    const out = new Float32Array(this.filled);
    for (let i = 0; i < this.filled; i++) out[i] = this.buffer[i * this.metrics + m]!;
    return out;
  }

  /** Windows: a series plot. Rows: only when kept as a series (ids; drawn if they read as time). */
  get windowed(): boolean {
    return this.windows;
  }

  get seriesKept(): boolean {
    return this.filled > 0;
  }

  /** Whether rows' ids read as times (decided on the first id: only then is a series kept). */
  private timedIds: boolean | null = null;
  private timed(id: string): boolean {
    return (this.timedIds ??= timeOf(id) !== null);
  }

  private grow(length: number): void {
    if (length <= this.buffer.length) return;
    const next = new Float32Array(Math.max(length, this.buffer.length * 2));
    next.set(this.buffer.subarray(0, this.filled * this.metrics));
    this.buffer = next;
  }
}
