// The records a scan yields, formatted: one NDJSON line per data line (rows, windows, skipped
// lines), and the CSV cell of an id. Pure functions over the core's records.
import { isSkipped, type SampleRecord, type ScanRecord, type SkippedRecord } from '../../scan/records.js';

/**
 * One NDJSON record, written out by hand: this runs once per row of files of any size, and
 * JSON.stringify of a fresh object per row made the heap climb with the file (more garbage
 * surviving into the old generation). Numbers print as JSON.stringify prints them.
 */
export function ndjsonLine(r: SampleRecord): string {
  const id =
    (r.group !== undefined ? `,"group":${JSON.stringify(r.group)}` : '') +
    (r.id !== undefined ? `,"id":${JSON.stringify(r.id)}` : '') +
    (r.time !== undefined ? `,"time":"${r.time}"` : '');
  let span = r.start !== undefined ? `,"start":${r.start},"end":${r.end}` : '';
  if (r.startId !== undefined) span += `,"startId":${JSON.stringify(r.startId)},"endId":${JSON.stringify(r.endId)}`;
  if (r.startTime !== undefined) span += `,"startTime":"${r.startTime}","endTime":"${r.endTime}"`;
  const flag = r.tail ? `true,"tail":"${r.tail}"` : 'false';
  const likely = r.likelihood !== undefined ? `,"likelihood":${jsonNumber(r.likelihood)}` : '';
  const incident = (r.outOfRange ? ',"outOfRange":true' : '') + (r.incident ? `,"incident":"${r.incident}"` : '');
  const why =
    (r.reason !== undefined ? `,"reason":${JSON.stringify(r.reason)}` : '') +
    (r.explain ? `,"explain":${JSON.stringify(r.explain)}` : '');
  return `{"index":${r.index}${id},"score":${jsonNumber(r.score)}${likely}${span},"flagged":${flag}${incident}${why}}\n`;
}

/** A number as JSON.stringify prints it: NaN and ±Infinity, which JSON has not, as null. */
function jsonNumber(v: number | null): string {
  return v !== null && Number.isFinite(v) ? String(v) : 'null';
}

/** The record of a data line that yielded no sample (blank, or invalid with --skip-invalid). */
export function skippedLine(r: SkippedRecord): string {
  const id =
    (r.group !== undefined ? `,"group":${JSON.stringify(r.group)}` : '') +
    (r.id !== undefined ? `,"id":${JSON.stringify(r.id)}` : '');
  const where = r.column !== undefined ? `,"column":${r.column},"name":${JSON.stringify(r.name)}` : '';
  return `{"index":${r.index}${id},"skipped":${JSON.stringify(r.skipped)}${where}}\n`;
}

export function recordLine(r: ScanRecord): string {
  return isSkipped(r) ? skippedLine(r) : ndjsonLine(r);
}

/** A CSV cell, quoted when it must be (ids may hold commas or quotes). */
export function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
