// Which row is a header and which columns are samples, decided once from a file's first rows.
// With a model's columns (`expected`), the same rule holds for every chunk of a split file:
// a first row is a header only if it holds the model's column names (or, for a model trained
// without names, if none of its cells is a number), so a data row is never dropped as one.
import { InputError } from '../errors.js';
import { isMissing } from './cells.js';
import { markCounters, type CounterChoice } from './counters.js';
import { hasDecimalComma, isNumber, parseColumnSpec, type CsvColumn } from './csv-sniff.js';
import { findTimeColumn, type TimeColumn } from './time-columns.js';

export type { CsvColumn } from './csv-sniff.js';

export interface ExpectedColumns {
  /** The names the model was trained on, when its training file had a header. */
  names: string[] | null;
  /** Their 1-based positions in the training file (used when this file has no header). */
  numbers: number[];
  /** Fields per line of the training file (absent in older bundles). */
  fields?: number;
  /** One-hot encoded columns: their categories, aligned with `numbers` (null: a numeric one). */
  categories?: (string[] | null)[];
  /** Counters, aligned with `numbers` (read as their increase). */
  counters?: boolean[];
}

export function decideHeader(
  mode: boolean | 'auto',
  r0: string[],
  r1: string[] | undefined,
  expected: ExpectedColumns | undefined,
): boolean {
  if (mode !== 'auto') return mode;
  if (expected?.names) {
    // The model's names, or a row of text only (another file's header: its columns are then
    // looked up by name and the missing ones named). A row with numbers in it is data.
    const cells = new Set(r0.map((c) => c.trim()));
    return expected.names.every((n) => cells.has(n)) || r0.every((c) => !isNumber(c));
  }
  if (expected) return r0.every((c) => !isNumber(c));
  if (!r1) return r0.every((c) => !isNumber(c));
  return r0.some((c, i) => !isNumber(c) && isNumber(r1[i] ?? ''));
}

export interface ColumnChoice {
  columns: CsvColumn[];
  skippedColumns: CsvColumn[];
  idColumn: CsvColumn | null;
  matchedBy: 'name' | 'position' | null;
  /** A time column found and taken as the id (no --id given): what it looked like. */
  timeColumn: (TimeColumn & CsvColumn) | null;
}

interface ChooseInput {
  /** The header's names, each once (repeats renamed); `rawHeader` as the file has them. */
  header: string[] | null;
  rawHeader?: string[] | null;
  fields: number;
  firstData: string[] | undefined;
  decimal?: '.' | ',';
  /** The data rows read so far (the first block), for finding a time column. */
  rows?: string[][];
  file: string;
  columns?: string;
  expected?: ExpectedColumns;
  idColumn?: string;
  /** A model's time column: the id when this file has it (and no --id says otherwise). */
  timeHint?: string;
  /** 'onehot': text columns are encoded (categories learned while reading), not left out. */
  encode?: 'onehot';
  /** Columns the user says are (or are not) counters; the rest are judged (counters.ts). */
  counters?: CounterChoice;
}

export function chooseColumns(input: ChooseInput): ColumnChoice {
  const chosen = chooseAnyColumns(input);
  // A model's columns carry its counters; others are judged on the first rows.
  const choice = input.expected
    ? chosen
    : {
        ...chosen,
        columns: markCounters(
          chosen.columns,
          (c) => (input.rows ?? []).map((r) => r[c.number - 1] ?? ''),
          input.counters,
        ),
      };
  const time = choice.timeColumn;
  if (time?.descending) {
    // Windows, the likelihood's history and the range rule read a series oldest first.
    throw new InputError(
      `its rows run newest first (column ${time.number}, ${JSON.stringify(time.name)}, falls): ae reads a series oldest first`,
      { file: input.file },
      `reverse the data rows, e.g. (head -n 1 ${input.file}; tail -n +2 ${input.file} | tac) > oldest-first.csv`,
    );
  }
  const raw = input.rawHeader;
  if (!raw || !input.header) return choice;
  // Names the header repeats were made unique (csv-sniff.ts#uniqueNames): say which.
  const mark = (c: CsvColumn): CsvColumn =>
    raw[c.number - 1] !== undefined && raw[c.number - 1] !== c.name ? { ...c, renamedFrom: raw[c.number - 1]! } : c;
  return { ...choice, columns: choice.columns.map(mark) };
}

function chooseAnyColumns(input: ChooseInput): ColumnChoice {
  const { header, fields, file } = input;
  const hinted = !input.idColumn && input.timeHint !== undefined && header?.includes(input.timeHint);
  const given = input.idColumn ?? (hinted ? input.timeHint : undefined);
  const time = given ? null : timeColumnOf(input.rows ?? [], header, fields);
  const idColumn = given ? findColumn(given, header, fields, file, 'id column') : time;
  const base = { idColumn, timeColumn: time };
  const isText = (col: CsvColumn) => {
    const cell = input.firstData?.[col.number - 1] ?? '';
    return (
      input.firstData !== undefined && !(input.decimal === ',' ? isNumber(cell.replace(',', '.')) : isNumber(cell))
    );
  };
  // With --encode onehot a text column is encoded: its categories are learned as it is read.
  const encoded = (col: CsvColumn): CsvColumn =>
    input.encode === 'onehot' && isText(col) && !hasDecimalComma(input.firstData?.[col.number - 1] ?? '')
      ? { ...col, categories: [] }
      : col;
  if (input.columns) {
    // Named columns are used as named, a time column too.
    return {
      ...base,
      columns: parseColumnSpec(input.columns, header, fields, file).map(encoded),
      skippedColumns: [],
      matchedBy: null,
    };
  }
  if (input.expected) return { ...base, ...byModel(input.expected, header, fields, file), skippedColumns: [] };
  const columns: CsvColumn[] = [];
  const skippedColumns: CsvColumn[] = [];
  for (let i = 0; i < fields; i++) {
    const col = { number: i + 1, name: header?.[i] ?? `column ${i + 1}` };
    if (idColumn && col.number === idColumn.number) continue;
    // A missing value (blank, NA, null, …) says nothing of its column: the first cell that is there does.
    const cell = input.rows?.map((r) => r[i] ?? '').find((c) => !isMissing(c)) ?? input.firstData?.[i] ?? '';
    const number = input.decimal === ',' ? isNumber(cell.replace(',', '.')) : isNumber(cell);
    if (input.firstData && !number) {
      if (input.decimal !== ',' && hasDecimalComma(cell)) {
        throw new InputError(
          `column ${col.number} (${JSON.stringify(col.name)}): ${JSON.stringify(cell)} has a decimal comma`,
          { file },
          'add --decimal ,',
        );
      }
      if (input.encode === 'onehot') columns.push(encoded(col));
      else skippedColumns.push(col);
    } else columns.push(col);
  }
  if (columns.length === 0) throw new InputError('no numeric columns', { file }, noNumbersHint(input.firstData));
  return { ...base, columns, skippedColumns, matchedBy: null };
}

function timeColumnOf(rows: string[][], header: string[] | null, fields: number): (TimeColumn & CsvColumn) | null {
  if (fields < 2) return null; // a file's one column is its data, whatever it holds
  const found = findTimeColumn(rows, fields);
  if (!found) return null;
  const number = found.field + 1;
  return { ...found, number, name: header?.[found.field] ?? `column ${number}` };
}

/** A model's columns in this file: by name with a header (any order), else by position. */
function byModel(expected: ExpectedColumns, header: string[] | null, fields: number, file: string) {
  if (header && expected.names) {
    const missing = expected.names.filter((n) => !header.includes(n));
    if (missing.length) {
      const has = header.map((h) => JSON.stringify(h)).join(', ');
      throw new InputError(
        `has no column${missing.length > 1 ? 's' : ''} named ${missing.map((m) => JSON.stringify(m)).join(', ')} (the model's); the file has ${has}`,
        { file },
      );
    }
    return {
      columns: expected.names.map((n, i) => withCategories({ number: header.indexOf(n) + 1, name: n }, expected, i)),
      matchedBy: 'name' as const,
    };
  }
  if (expected.fields !== undefined && fields !== expected.fields) {
    throw new InputError(
      `has ${fields} column${fields === 1 ? '' : 's'}${header ? '' : ', no header'}; the model was trained on ${expected.fields} columns${header ? ' without a header' : ''}, which it takes by position`,
      { file },
      "give it the model's columns, or a header to match them by name",
    );
  }
  if (fields < Math.max(...expected.numbers)) {
    throw new InputError(
      `has ${fields} column${fields === 1 ? '' : 's'}; the model reads columns ${describeNumbers(expected.numbers)}`,
      { file },
    );
  }
  const names = expected.names;
  return {
    columns: expected.numbers.map((n, i) =>
      withCategories({ number: n, name: header?.[n - 1] ?? names?.[i] ?? `column ${n}` }, expected, i),
    ),
    matchedBy: 'position' as const,
  };
}

/** The model's i-th column with its categories (a copy: reading never changes a bundle's list). */
function withCategories(col: CsvColumn, expected: ExpectedColumns, i: number): CsvColumn {
  const categories = expected.categories?.[i];
  const counted = expected.counters?.[i] ? { ...col, counter: true } : col;
  return categories ? { ...counted, categories: [...categories] } : counted;
}

function describeNumbers(ns: number[]): string {
  const contiguous = ns.every((n, i) => i === 0 || n === ns[i - 1]! + 1);
  return contiguous && ns.length > 2 ? `${ns[0]}-${ns.at(-1)}` : ns.join(',');
}

/** A column named by header name or 1-based number. */
export function findColumn(
  spec: string,
  header: string[] | null,
  fields: number,
  file: string,
  what: string,
): CsvColumn {
  const i = header ? header.indexOf(spec.trim()) : -1;
  if (i >= 0) return { number: i + 1, name: header![i]! };
  if (/^\d+$/.test(spec.trim())) {
    const n = Number(spec);
    if (n >= 1 && n <= fields) return { number: n, name: header?.[n - 1] ?? `column ${n}` };
    throw new InputError(`${what} ${spec} is outside 1..${fields}`, { file });
  }
  const has = header
    ? `; the file has ${header.map((h) => JSON.stringify(h)).join(', ')}`
    : ' (the file has no header)';
  throw new InputError(`no ${what} named ${JSON.stringify(spec)}${has}`, { file });
}

/** What to do about a file with no numeric column: its first row may say why. */
function noNumbersHint(first: string[] | undefined): string {
  const cell = first?.length === 1 ? first[0]!.trim() : '';
  // One field of numbers with spaces or tabs between: another delimiter than the comma.
  if (/^[-+.\d][^,;]*[ \t][-+.\d]/.test(cell) && cell.split(/[ \t]+/).every((x) => isNumber(x)))
    return "the values are separated by spaces or tabs: convert with tr -s ' \\t' ',' < FILE > FILE.csv";
  return 'choose columns with --columns';
}
