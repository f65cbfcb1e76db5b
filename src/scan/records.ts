// What a scan yields, record by record: one per data line — a scored sample (a row, or a
// window of one long series) or a line that yielded no sample — and the intervals that
// overlapping flagged windows merge into. Plain objects: the CLI formats them (NDJSON, JSON,
// CSV), a library caller reads them.
import type { Blame } from '../model/explain.js';
import { roundScore } from '../detect/precision.js';
import type { SkippedRow } from '../data/cells.js';

export type FlagTail = 'high' | 'low';

/** A scored sample. Key order is the order JSON output prints them in. */
export interface SampleRecord {
  /** Rows: the 0-based data line. Windows: the window number. */
  index: number;
  /** Null: a row before the first full window (a record per row), which no window ends at. */
  score: number | null;
  /** How unusual the recent scores are, in [0, 1] (detect/likelihood.ts); null with the score. */
  likelihood?: number | null;
  /** Which tail it was flagged in, or null when it is normal. */
  tail: FlagTail | null;
  /** Flagged by the range rule: a value outside everything seen so far (rangeMargin). */
  outOfRange?: boolean;
  /** The first record of an incident, or the record at which one was over. */
  incident?: 'start' | 'end';
  /** The --id column's text (rows). */
  id?: string;
  /** With --group-by: the series (group) it belongs to. */
  group?: string;
  /** Windows: the data lines spanned, start .. end − 1, and the ids of the first and last. */
  start?: number;
  end?: number;
  startId?: string;
  endId?: string;
  /** Epoch ids (seconds or ms) also as ISO 8601 UTC times; other ids are readable as they are. */
  time?: string;
  startTime?: string;
  endTime?: string;
  /** Why the score is null: it overflowed (flagged all the same), or the row follows a gap in time. */
  reason?: string;
  /** With explain: the largest contributions to the error (flagged samples only). */
  explain?: Blame[];
}

/** A flagged sample: its tail and score are set. */
export type FlaggedItem = SampleRecord & { tail: FlagTail; score: number };

/** The record of a data line that yielded no sample (blank, or invalid with skipInvalid). */
export interface SkippedRecord {
  index: number;
  group?: string;
  /** The row's id, with an id column (when the row had that cell). */
  id?: string;
  skipped: string;
  /** The 1-based column and its name, when one cell made the row invalid. */
  column?: number;
  name?: string;
}

export type ScanRecord = SampleRecord | SkippedRecord;

export function isSkipped(r: ScanRecord): r is SkippedRecord {
  return (r as SkippedRecord).skipped !== undefined;
}

/** Overlapping or adjacent flagged windows of one tail, merged: one incident reads as one. */
export interface Interval {
  start: number;
  end: number;
  startId?: string;
  endId?: string;
  tail: FlagTail;
  maxScore: number;
  minScore: number;
  windows: number;
}

/** Scores are reported to 6 significant digits. */
export const r6 = roundScore;

/** Likelihoods to 10 decimals: 0.9999999 and 0.99999 must stay apart. */
export const r10 = (v: number) => Math.round(v * 1e10) / 1e10;

/** A record whose score did not fit a float32: no number, the reason instead. */
export function overflowed(r: SampleRecord): void {
  r.score = null;
  if (r.likelihood !== undefined) r.likelihood = null;
  r.reason = SCORE_OVERFLOW;
}

export const SCORE_OVERFLOW = 'the score overflows: a value far beyond the training range';
/** An unscored row after a gap in time: windows start afresh there (data/gaps.ts). */
export const AFTER_GAP = 'after a gap in time: no full window since';

export function skippedRecord(row: SkippedRow): ScanRecord {
  return {
    index: row.index,
    ...(row.id !== undefined ? { id: row.id } : {}),
    skipped: row.reason,
    ...(row.column ? { column: row.column.number, name: row.column.name } : {}),
  };
}
