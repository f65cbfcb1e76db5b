// Label files for evaluation: one label per data line, as
//   - bare lines of 0/1 (true/false), in data-line order;
//   - a CSV with a header whose first column is `index` (0-based data line) — or, to join by
//     an id column, any name — and whose second is `label` (0/1) or `kind` (`normal` is
//     negative, anything else positive; what `ae generate --labels` writes).
import { promises as fsp } from 'node:fs';
import { InputError, InvalidSettingError } from '../errors.js';
import { describeFsError } from '../io/fs-errors.js';
import { timeOf } from './time-columns.js';

export interface Labels {
  /** How rows are matched: by data-line index, or by the text of an id column. */
  by: 'index' | 'id';
  values: Map<number | string, 0 | 1>;
}

/** Labels as a library caller gives them: PyOD's `y` (0/1 per sample, in order), a Map, or Labels. */
export type LabelsGiven = Labels | ArrayLike<number> | Map<number | string, number>;

/** The labels given, as Labels; anything but 0 and 1 refused (naming the first such value). */
export function labelsOf(given: LabelsGiven): Labels {
  if ('by' in given && given.values instanceof Map) return given as Labels;
  const entries: [number | string, number][] =
    given instanceof Map ? [...given.entries()] : Array.from(given as ArrayLike<number>, (v, i) => [i, v]);
  const bad = entries.find(([, v]) => v !== 0 && v !== 1);
  if (bad)
    throw new InvalidSettingError(
      'labels',
      `must be 0 or 1; sample ${JSON.stringify(bad[0])} is ${JSON.stringify(bad[1])}`,
    );
  const byId = entries.length > 0 && typeof entries[0]![0] === 'string';
  return { by: byId ? 'id' : 'index', values: new Map(entries as [number | string, 0 | 1][]) };
}

export async function readLabels(file: string): Promise<Labels> {
  const text = await fsp.readFile(file, 'utf8').catch((err: unknown) => {
    throw new InputError(describeFsError(err), { file });
  });
  const lines = text.split(/\r?\n/);
  while (lines.length && lines.at(-1) === '') lines.pop();
  if (lines.length === 0) throw new InputError('holds no labels', { file });
  return lines[0]!.includes(',') ? fromCsv(file, lines) : fromLines(file, lines);
}

function fromLines(file: string, lines: string[]): Labels {
  const values = new Map<number | string, 0 | 1>();
  lines.forEach((line, i) => values.set(i, binary(line, file, i + 1, 1)));
  return { by: 'index', values };
}

function fromCsv(file: string, lines: string[]): Labels {
  const [key, kind] = lines[0]!.split(',').map((h) => h.trim().toLowerCase());
  if (kind !== 'label' && kind !== 'kind') {
    throw new InputError(
      `the second column must be "label" (0/1) or "kind" (normal or not), not ${JSON.stringify(kind)}`,
      { file, row: 1 },
    );
  }
  const by = key === 'index' ? 'index' : 'id';
  const values = new Map<number | string, 0 | 1>();
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const cut = lines[i]!.lastIndexOf(',');
    const k = lines[i]!.slice(0, cut).trim();
    const v = lines[i]!.slice(cut + 1).trim();
    const label = kind === 'kind' ? (v === 'normal' ? 0 : 1) : binary(v, file, i + 1, 2);
    if (by === 'index') {
      if (!/^\d+$/.test(k))
        throw new InputError(`${JSON.stringify(k)} is not a data-line index`, { file, row: i + 1, column: 1 });
      values.set(Number(k), label);
    } else values.set(k, label);
  }
  return { by, values };
}

function binary(v: string, file: string, row: number, column: number): 0 | 1 {
  const s = v.trim().toLowerCase();
  if (s === '1' || s === 'true') return 1;
  if (s === '0' || s === 'false') return 0;
  throw new InputError(`${JSON.stringify(v.slice(0, 40))} is not a label (0/1)`, { file, row, column });
}

/** The samples to label: rows by data-line index (or id); windows by the lines they span. */
export interface LabelTargets {
  index: ArrayLike<number>;
  ids?: readonly string[] | null;
  start?: ArrayLike<number>;
  end?: ArrayLike<number>;
  /** Windows with an id column: the ids of each window's first and last row. */
  startIds?: readonly string[] | null;
  endIds?: readonly string[] | null;
}

/**
 * One label per sample. A window is positive when any labelled line inside it is. Every row
 * must have a label, and a label file meant for other data is refused with both counts.
 */
export function joinLabels(labels: Labels, t: LabelTargets, file: string): number[] {
  const n = t.index.length;
  if (t.start && t.end)
    return windowLabels(labels, t as Required<Pick<LabelTargets, 'start' | 'end'>> & LabelTargets, file);
  if (labels.by === 'id' && !t.ids) {
    throw new InputError('labels are keyed by an id column; scan with --id naming it', { file });
  }
  const out = new Array<number>(n);
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const key = labels.by === 'id' ? t.ids![i]! : t.index[i]!;
    const v = labels.values.get(key);
    if (v === undefined) missing++;
    out[i] = v ?? 0;
  }
  if (missing > 0 || labels.values.size < n) {
    throw new InputError(
      `has ${labels.values.size} label(s); the data has ${n} scored row(s)${missing ? `, ${missing} of them without a label` : ''}`,
      { file },
    );
  }
  return out;
}

function windowLabels(
  labels: Labels,
  t: Required<Pick<LabelTargets, 'start' | 'end'>> & LabelTargets,
  file: string,
): number[] {
  const { start, end } = t;
  const lastLine = end.length ? end[end.length - 1]! : 0;
  if (labels.values.size < lastLine) {
    throw new InputError(`has ${labels.values.size} label(s); the windows span ${lastLine} data line(s)`, { file });
  }
  if (labels.by === 'id') return windowLabelsById(labels, t, file);
  return Array.from({ length: start.length }, (_, w) => {
    for (let line = start[w]!; line < end[w]!; line++) if (labels.values.get(line) === 1) return 1;
    return 0;
  });
}

/**
 * Id-keyed labels for windows: a window holds every id from its first row's to its last row's,
 * so ids must be ordered — times (dates, epoch seconds/ms) or numbers. Positive iff a positive
 * label's id falls in that range.
 */
function windowLabelsById(labels: Labels, t: LabelTargets, file: string): number[] {
  if (!t.startIds || !t.endIds)
    throw new InputError('labels are keyed by an id column; scan with --id naming it', { file });
  const positives: number[] = [];
  for (const [key, v] of labels.values) {
    const at = orderOf(String(key));
    if (at === null)
      throw new InputError(unordered(`the label id ${JSON.stringify(String(key).slice(0, 40))}`), { file });
    if (v === 1) positives.push(at);
  }
  positives.sort((a, b) => a - b);
  return t.startIds.map((first, w) => {
    const from = orderOf(first);
    const to = orderOf(t.endIds![w]!);
    if (from === null || to === null)
      throw new InputError(
        unordered(`the data's id ${JSON.stringify((from === null ? first : t.endIds![w]!).slice(0, 40))}`),
        { file },
      );
    const i = lowerBound(positives, from);
    return i < positives.length && positives[i]! <= to ? 1 : 0;
  });
}

const unordered = (what: string) =>
  `${what} is neither a time nor a number: windows join id labels by the ids between a window's first and last row; key the labels by data line instead (index,label; 0 = the first data line)`;

/** An id's place in time or number order; null when it is neither. */
function orderOf(id: string): number | null {
  const t = timeOf(id);
  if (t !== null) return t;
  const n = Number(id);
  return id.trim() !== '' && Number.isFinite(n) ? n : null;
}

function lowerBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
