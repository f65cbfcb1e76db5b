// Sniffing a CSV's shape from its first lines: header or not, delimiter, and which columns
// a --columns spec names. Pure functions over strings.
import { InputError } from '../errors.js';

/** A column of the file, as chosen for samples. */
export interface CsvColumn {
  /** 1-based column number in the file. */
  number: number;
  name: string;
  /** One-hot encoded (`--encode onehot`): its categories, in code order. */
  categories?: string[];
  /** A counter (counters.ts): read as its increase per row. */
  counter?: boolean;
  /** Its header's name when `name` had to differ: the header repeats it (`a,a` reads as `a,a.1`). */
  renamedFrom?: string;
}

/**
 * A header's names, each once: a repeated name gets `.1`, `.2`, … (as pandas reads it), so that a
 * model which finds its columns by name finds each one (Grafana exports repeat series names).
 */
export function uniqueNames(names: string[]): string[] {
  const taken = new Set(names);
  const seen = new Map<string, number>();
  return names.map((name) => {
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    if (n === 0) return name;
    let k = n;
    while (taken.has(`${name}.${k}`)) k++;
    taken.add(`${name}.${k}`);
    return `${name}.${k}`;
  });
}

export function isNumber(cell: string): boolean {
  return cell.trim() !== '' && Number.isFinite(Number(cell));
}

export function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0 && n < 3; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * The delimiter that splits the first lines into the same number (> 1) of fields, counting
 * outside quotes; a comma when none does (e.g. a single column). Papaparse's own guess picks
 * a comma for `"1";2`, hence this.
 */
export function detectDelimiter(block: string, decimal: '.' | ',' = '.'): string {
  const lines = block
    .split('\n')
    .slice(0, 20)
    .filter((l) => l.trim() !== '');
  // Cells with decimal commas between semicolons (`24,08;13,5`): the semicolon delimits, even
  // where commas count alike on every line.
  if (
    decimal === ',' ||
    (lines.length && lines.every((l) => l.includes(';')) && DECIMAL_COMMA_CELL.test(lines.at(-1)!))
  )
    return detectAmong(lines, [';', '\t', '|'], ';');
  return detectAmong(lines, [',', ';', '\t', '|'], ',');
}

/** A number written with a decimal comma, as a cell of a `;`-separated line. */
const DECIMAL_COMMA_CELL = /(^|;)\s*[-+]?\d+,\d+\s*(;|$)/;

/** Whether a cell is a number written with a decimal comma (`24,08`). */
export function hasDecimalComma(cell: string): boolean {
  return /^\s*[-+]?\d*,\d+\s*$/.test(cell);
}

function detectAmong(lines: string[], candidates: string[], fallback: string): string {
  let best = fallback;
  let bestCount = 0;
  for (const d of candidates) {
    const counts = lines.map((l) => {
      let n = 0;
      let q = false;
      for (const ch of l) {
        if (ch === '"') q = !q;
        else if (ch === d && !q) n++;
      }
      return n;
    });
    if (counts.length && counts[0]! > bestCount && counts.every((c) => c === counts[0])) {
      best = d;
      bestCount = counts[0]!;
    }
  }
  return best;
}

/** "2-5,x7,9" → columns; numbers are 1-based, names must match the header. */
export function parseColumnSpec(spec: string, header: string[] | null, fields: number, file: string): CsvColumn[] {
  const out: CsvColumn[] = [];
  const name = (i: number) => header?.[i - 1] ?? `column ${i}`;
  const check = (n: number, part: string) => {
    if (!Number.isInteger(n) || n < 1 || n > fields) {
      throw new InputError(`columns: ${part} is outside 1..${fields}`, { file });
    }
  };
  for (const raw of spec.split(',')) {
    const part = raw.trim();
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      check(a, part);
      check(b, part);
      for (let i = a; i <= b; i++) out.push({ number: i, name: name(i) });
    } else if (/^\d+$/.test(part)) {
      check(Number(part), part);
      out.push({ number: Number(part), name: name(Number(part)) });
    } else {
      const i = header ? header.indexOf(part) : -1;
      if (i < 0)
        throw new InputError(
          `columns: no column named ${JSON.stringify(part)}${
            header ? `; the file has ${header.map((h) => JSON.stringify(h)).join(', ')}` : ' (the file has no header)'
          }`,
          { file },
        );
      out.push({ number: i + 1, name: part });
    }
  }
  return out;
}
