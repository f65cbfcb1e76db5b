// Several series in one file (`timestamp,instance,cpu,…` with the hosts' rows interleaved):
// split by a column's value into one CSV text per group, each with the original data-line
// number of every row, so each group is watched as a series of its own and its records are
// numbered as the file's lines. Reads the whole input (an export, not a live stream).
import Papa from 'papaparse';
import { InputError } from '../errors.js';
import { openSource, textBlocks } from './input.js';
import type { Readable } from 'node:stream';
import { findColumn } from './csv-columns.js';

export interface Group {
  key: string;
  /** The group's rows as CSV, the header first, without the group column. */
  text: string;
  /** Each of its data rows' line in the file (0-based data lines, as records number them). */
  lines: number[];
}

export async function splitGroups(file: string, column: string, stdin?: Readable): Promise<Group[]> {
  let text = '';
  const source = await openSource(file, stdin);
  for await (const block of textBlocks(source)) text += block;
  const parsed = Papa.parse<string[]>(text.replace(/\r?\n$/, ''), { skipEmptyLines: false });
  const [header, ...rows] = parsed.data;
  if (!header) throw new InputError('is empty', { file: source.name });
  const col = findColumn(
    column,
    header.map((h) => h.trim()),
    header.length,
    source.name,
    'group column',
  );
  const j = col.number - 1;
  const keep = (r: string[]) => r.filter((_, k) => k !== j);
  const groups = new Map<string, { rows: string[][]; lines: number[] }>();
  rows.forEach((r, line) => {
    if (r.length === 1 && r[0]!.trim() === '') return; // a blank line: no group's
    const key = (r[j] ?? '').trim();
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { rows: [], lines: [] }));
    g.rows.push(keep(r));
    g.lines.push(line);
  });
  if (groups.size === 0) throw new InputError('no data rows to group', { file: source.name });
  return [...groups.entries()].map(([key, g]) => ({
    key,
    text: Papa.unparse([keep(header), ...g.rows], { newline: '\n' }) + '\n',
    lines: g.lines,
  }));
}
