// The records a scan emits, formatted: one NDJSON line per data line (rows, windows, skipped
// lines), and the CSV cell of an id. Pure functions; the collector decides what to emit.
import type { SkippedRow } from '../../data/cells.js';
import type { Blame } from '../../model/explain.js';

export interface FlaggedItem {
  index: number;
  /** The --id column's text (rows). */
  id?: string;
  score: number;
  tail: 'high' | 'low';
  /** Windows: the data lines spanned, start .. end − 1, and the ids of the first and last. */
  start?: number;
  end?: number;
  startId?: string;
  endId?: string;
  /** With --explain: the largest contributions to the error (flagged samples only). */
  explain?: Blame[];
}

/** Overlapping or adjacent flagged windows of one tail, merged: one incident reads as one. */
export interface Interval {
  start: number;
  end: number;
  startId?: string;
  endId?: string;
  tail: 'high' | 'low';
  maxScore: number;
  minScore: number;
  windows: number;
}

/** Scores are reported to 6 significant digits. */
export const r6 = (v: number) => Number(v.toPrecision(6));

/**
 * One NDJSON record, written out by hand: this runs once per row of files of any size, and
 * JSON.stringify of a fresh object per row made the heap climb with the file (more garbage
 * surviving into the old generation). Numbers print as JSON.stringify prints them.
 */
export function ndjsonLine(item: FlaggedItem, tail: 'high' | 'low' | null): string {
  const id = item.id !== undefined ? `,"id":${JSON.stringify(item.id)}` : '';
  let span = item.start !== undefined ? `,"start":${item.start},"end":${item.end}` : '';
  if (item.startId !== undefined)
    span += `,"startId":${JSON.stringify(item.startId)},"endId":${JSON.stringify(item.endId)}`;
  const flag = tail ? `true,"tail":"${tail}"` : 'false';
  const why = item.explain ? `,"explain":${JSON.stringify(item.explain)}` : '';
  return `{"index":${item.index}${id},"score":${item.score}${span},"flagged":${flag}${why}}\n`;
}

/** The record of a data line that yielded no sample (blank, or invalid with --skip-invalid). */
export function skippedLine(row: SkippedRow): string {
  return `{"index":${row.index},"skipped":${JSON.stringify(row.reason)}}\n`;
}

/** A CSV cell, quoted when it must be (ids may hold commas or quotes). */
export function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
