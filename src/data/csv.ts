// Streaming numeric CSV reader. Papaparse splits text into fields (quotes, CRLF, delimiters);
// blocks without quotes take a fast path that reads numbers straight from the text. Memory is
// bounded by one block plus one batch, whatever the file size.
//
// Rows and lines: every line after the header is a data line with a 0-based `index` (blank
// lines included), so an index always maps back to a line of the file; error messages name
// the 1-based file line (`row` in messages, the header being row 1).
import Papa from 'papaparse';
import { InputError } from '../errors.js';
import { emptyBatch, trimBatch, type Batch } from './batch.js';
import { cellProblem, isMissing, cellValue, inRange, miswrittenNumber, type SkippedRow } from './cells.js';
import { chooseColumns, decideHeader, type ColumnChoice, type CsvColumn, type ExpectedColumns } from './csv-columns.js';
import { countNewlines, detectDelimiter, hasDecimalComma, uniqueNames } from './csv-sniff.js';
import { FieldScanner, parseSimpleNumber } from './fast-number.js';
import { WasmRowParser } from './wasm-rows.js';
import { categoryCode, isCategorical, MAX_CATEGORIES } from './onehot.js';
import { textBlocks, type Source } from './input.js';

export type { CsvColumn, ExpectedColumns } from './csv-columns.js';
export type { SkippedRow } from './cells.js';

/** Cells of an encoded column whose category the model was not trained on. */
export interface UnknownCategory {
  column: number;
  name: string;
  rows: number;
  /** The first such cell. */
  example: string;
}

export interface CsvOptions {
  /** true/false force it; 'auto' (default) decides from the first rows (see decideHeader). */
  header?: boolean | 'auto';
  /** 1-based column numbers or header names, with ranges: "2-101", "x1,x2", "ts". */
  columns?: string;
  /** A model's time column by name (see csv-columns.ts). */
  timeHint?: string;
  /** Columns the user says are (or are not) counters. */
  counters?: import('./counters.js').CounterChoice;
  /** A model's columns: taken by name when the file has a header, else by position. */
  expected?: ExpectedColumns;
  /** A column carried as text with every row (ids, timestamps): a header name or 1-based number. */
  idColumn?: string;
  /** Skip rows with missing or non-numeric values instead of stopping at the first. */
  skipInvalid?: boolean;
  /** Rows per yielded batch. */
  batchRows?: number;
  /**
   * Empty cells: 'mark' reads them as NaN (for a fit to fill with its column's median or mean),
   * an array fills them with one value per chosen column (a bundle's). Other bad cells stay errors.
   */
  impute?: 'mark' | number[];
  /** The decimal mark: ',' reads `24,08` as 24.08 (the delimiter is then never a comma). */
  decimal?: '.' | ',';
  /**
   * 'onehot': text columns are read as category codes (onehot.ts), their categories learned
   * while reading; a model's columns (`expected`) bring their categories instead.
   */
  encode?: 'onehot';
  /**
   * A live stream (a pipe, `tail -f`): the rows of every block read are yielded at once, so a
   * row waits for no later one; when rows arrive fast a block holds many and batches stay large.
   */
  live?: boolean;
  /**
   * Read a chunk of a larger file (parallel.ts): header and columns as decided on the file's
   * first chunk, every line a data line, indices and line numbers from 0 within the chunk.
   */
  layout?: CsvLayout;
}

/** What the reader decides from a file's first lines, for reading the file's other chunks. */
export interface CsvLayout {
  delimiter: string;
  fields: number;
  header: string[] | null;
  columns: CsvColumn[];
  skippedColumns: CsvColumn[];
  idColumn: CsvColumn | null;
  matchedBy: 'name' | 'position' | null;
  timeColumn: ColumnChoice['timeColumn'];
}

export class CsvReader {
  header: string[] | null = null;
  columns: CsvColumn[] = [];
  /** Columns left out automatically because row 1 holds text there (ids, timestamps). */
  skippedColumns: CsvColumn[] = [];
  /** The id column, when one was asked for. */
  idColumn: CsvColumn | null = null;
  /** How a model's columns were found in the file. */
  matchedBy: 'name' | 'position' | null = null;
  /** A time column found in the first rows and taken as the id (no id column asked for). */
  timeColumn: ColumnChoice['timeColumn'] = null;
  /** Every data line that yielded no sample: blank lines, and invalid rows with skipInvalid. */
  skipped: SkippedRow[] = [];
  rowsRead = 0;
  /** Empty cells read under `impute`. */
  imputed = 0;
  /** Encoded columns: cells whose category the model's list lacks (read as none of them). */
  unknownCategories: UnknownCategory[] = [];
  private dataLines = 0;
  private fields = 0;
  /** 0-based field positions of `columns`, for the per-cell loop. */
  private columnIndex: number[] = [];
  private idIndex = -1;
  /** field → output position for the fast path; null when a column is chosen twice. */
  private fastMap: Int32Array | null = null;
  private readonly scanner = new FieldScanner();
  private rowParser: WasmRowParser | null = null;
  /** The file line last read (1-based). */
  private line = 0;
  /** Records held until the header decision is made; null once it is. */
  private pending: string[][] | null = [];
  private batch: Batch | null = null;
  private delimiter: string | undefined;

  constructor(
    private readonly source: Source,
    private readonly opts: CsvOptions = {},
  ) {
    const l = opts.layout;
    if (l) {
      Object.assign(this, {
        header: l.header,
        skippedColumns: l.skippedColumns,
        matchedBy: l.matchedBy,
        timeColumn: l.timeColumn,
      });
      this.delimiter = l.delimiter;
      this.pending = null;
      this.useColumns(l.fields, l.columns, l.idColumn);
    }
  }

  /** The decided header and columns, once the first lines have been read; else null. */
  get layout(): CsvLayout | null {
    if (this.pending || this.delimiter === undefined) return null;
    const { header, columns, skippedColumns, idColumn, matchedBy, fields, delimiter, timeColumn } = this;
    return { delimiter, fields, header, columns, skippedColumns, idColumn, matchedBy, timeColumn };
  }

  /** Data lines read so far (samples and skipped), and file lines (the header included). */
  get linesRead(): { data: number; file: number } {
    return { data: this.dataLines, file: this.line };
  }

  private useColumns(fields: number, columns: CsvColumn[], idColumn: CsvColumn | null): void {
    this.fields = fields;
    this.columns = columns;
    this.idColumn = idColumn;
    this.columnIndex = columns.map((c) => c.number - 1);
    this.idIndex = idColumn ? idColumn.number - 1 : -1;
    // Decimal commas and category codes take the general path: the fast parsers read numbers only.
    const general = this.opts.decimal === ',' || columns.some(isCategorical);
    this.fastMap = general ? null : fastMapFor(this.columnIndex, fields);
    // Every field a column, in order, and no id: the shape the WebAssembly route reads.
    const allInOrder = this.columnIndex.length === fields && this.columnIndex.every((f, o) => f === o);
    this.rowParser = allInOrder && !idColumn && !general ? (this.rowParser ?? new WasmRowParser()) : null;
  }

  get width(): number {
    return this.columns.length;
  }

  /** Fields per line of the file (every column, used or not). */
  get fieldCount(): number {
    return this.fields;
  }

  async *batches(): AsyncGenerator<Batch> {
    for await (const { text, delimiter } of this.blocks()) {
      if (!this.pending && this.fastMap && text.indexOf('"') < 0) yield* this.readPlain(text, delimiter);
      else yield* this.readRecords(this.parse(text, delimiter));
      if (this.opts.live && this.batch && (this.batch.count > 0 || this.batch.skipped?.length))
        yield trimBatch(this.flush());
    }
    yield* this.finish();
  }

  /**
   * Text blocks with the delimiter, guessed once from the first few lines; after that each
   * block is passed on as soon as it is read (a live stream's rows wait for nothing).
   */
  private async *blocks(): AsyncGenerator<{ text: string; delimiter: string }> {
    const it = textBlocks(this.source)[Symbol.asyncIterator]();
    let head = '';
    while (this.delimiter === undefined) {
      const next = await it.next();
      if (!next.done) head += next.value;
      if (next.done || countNewlines(head) >= 3) {
        if (head === '') return;
        this.delimiter = detectDelimiter(head, this.opts.decimal);
        yield { text: head, delimiter: this.delimiter };
      }
      if (next.done) return;
    }
    for (let next = await it.next(); !next.done; next = await it.next()) {
      yield { text: next.value, delimiter: this.delimiter };
    }
  }

  /** General path: Papaparse's records; a blank line is a record of one empty field. */
  private parse(text: string, delimiter: string): string[][] {
    // Lines end at \n, with or without \r (a CRLF file with one bare-LF line is common after
    // an edit); Papaparse's own guess would take \r\n for the file and join the bare-LF line
    // to the next. The \r left on a line's last field is removed below.
    const parsed = Papa.parse<string[]>(text, { delimiter, newline: '\n', skipEmptyLines: false });
    for (const rec of parsed.data) {
      const last = rec.length - 1;
      if (last >= 0 && rec[last]!.endsWith('\r')) rec[last] = rec[last]!.slice(0, -1);
    }
    const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
    if (quoteError) throw this.error(quoteError.message.toLowerCase(), this.line + (quoteError.row ?? 0) + 1);
    const records = parsed.data;
    // A block ends with a newline; Papaparse reports the empty "line" after it.
    if (text.endsWith('\n') && records.length && isBlank(records[records.length - 1]!)) records.pop();
    return records;
  }

  private *readRecords(records: string[][]): Generator<Batch> {
    if (this.pending) {
      this.pending.push(...records);
      const seen = this.pending.filter((r) => !isBlank(r)).length;
      if (seen < 2 && (this.opts.header ?? 'auto') === 'auto') return;
      records = this.start(this.pending);
      this.pending = null;
    }
    for (const rec of records) if (this.take(rec)) yield this.flush();
  }

  /** Fast path for a block without quotes: numbers read straight from the text. */
  private *readPlain(text: string, delimiter: string): Generator<Batch> {
    // The delimiter as a character code, once per block (-1: longer than one character).
    const code = delimiter.length === 1 ? delimiter.charCodeAt(0) : -1;
    const rows = code >= 0 && code < 128 && this.rowParser?.load(text) ? this.rowParser : null;
    for (let pos = 0; pos < text.length;) {
      if (rows) {
        pos = this.takeRows(rows, pos, code);
        if (this.batch!.count === this.batch!.index.length) {
          yield this.flush();
          continue;
        }
        if (pos >= text.length) break;
      }
      // One line the JavaScript way: all of them without the WebAssembly route, else the one it
      // stopped at (a blank, a space, a quote, text, a wrong field count…), with its rules.
      let eol = text.indexOf('\n', pos);
      if (eol < 0) eol = text.length;
      const end = eol > pos && text.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
      const from = pos;
      pos = eol + 1;
      const full =
        end === from
          ? this.skipLine('blank line')
          : (this.fastRow(text, from, end, delimiter, code) ?? this.take(parseLine(text.slice(from, end), delimiter)));
      if (full) yield this.flush();
    }
  }

  private *finish(): Generator<Batch> {
    if (this.pending) {
      if (!this.pending.some((r) => !isBlank(r))) {
        throw new InputError('no rows (the file holds no data)', { file: this.source.name });
      }
      const records = this.start(this.pending);
      this.pending = null;
      for (const rec of records) if (this.take(rec)) yield this.flush();
    }
    // A chunk of a split file may hold only its header: with a model, that is zero rows, not an error.
    if (this.rowsRead === 0 && this.skipped.length === 0 && !this.opts.expected && !this.opts.layout) {
      throw new InputError('no data rows (only a header)', { file: this.source.name });
    }
    if (this.batch && (this.batch.count > 0 || this.batch.skipped?.length)) yield trimBatch(this.flush());
  }

  /** Decides header and columns from the first records; returns the records that are data lines. */
  private start(first: string[][]): string[][] {
    let lead = 0;
    while (lead < first.length && isBlank(first[lead]!)) lead++; // blank lines before anything
    const r0 = first[lead]!;
    this.fields = r0.length;
    // A number with a decimal comma counts as a number here, asked for or not (without
    // --decimal the column choice then says how to read it).
    const asRead = (r: string[] | undefined) => r?.map((c) => (hasDecimalComma(c) ? c.replace(',', '.') : c));
    const hasHeader = decideHeader(
      this.opts.header ?? 'auto',
      asRead(r0)!,
      asRead(first.slice(lead + 1).find((r) => !isBlank(r))),
      this.opts.expected,
    );
    const raw = hasHeader ? r0.map((h) => h.trim()) : null;
    this.header = raw && uniqueNames(raw);
    const data = (hasHeader ? first.slice(lead + 1) : first.slice(lead)).filter((r) => !isBlank(r));
    const chosen = chooseColumns({
      ...this.opts,
      header: this.header,
      rawHeader: raw,
      fields: this.fields,
      firstData: data[0],
      rows: data.slice(0, 64),
      file: this.source.name,
    });
    Object.assign(this, chosen);
    this.useColumns(this.fields, this.columns, this.idColumn);
    this.line = hasHeader ? lead + 1 : lead;
    return hasHeader ? first.slice(lead + 1) : first.slice(lead);
  }

  /**
   * Reads one unquoted line into the batch without creating strings (but the id). Returns
   * whether the batch is full, or null when the line needs the general path.
   */
  private fastRow(s: string, a: number, b: number, delimiter: string, delimiterCode: number): boolean | null {
    const map = this.fastMap!;
    const batch = (this.batch ??= this.newBatch());
    const base = batch.count * batch.width;
    const scanner = this.scanner;
    let id: string | undefined;
    let field = 0;
    for (let p = a; ; field++) {
      if (field >= map.length) return null;
      const o = map[field]!;
      let q: number;
      let v = o >= 0 ? scanner.scan(s, p, b, delimiterCode) : NaN;
      if (v === v) {
        q = scanner.end;
      } else {
        q = s.indexOf(delimiter, p);
        if (q < 0 || q > b) q = b;
        if (o >= 0) {
          v = parseSimpleNumber(s, p, q);
          if (!inRange(v)) v = cellValue(s.slice(p, q));
          if (v !== v) return null;
        }
      }
      if (o >= 0) batch.values[base + o] = v;
      if (field === this.idIndex) id = s.slice(p, q);
      if (q === b) break;
      p = q + 1;
    }
    if (field + 1 !== map.length) return null;
    this.line++;
    return this.accept(batch, id);
  }

  /** The lines the WebAssembly route reads from `pos`, into the batch; returns where it stopped. */
  private takeRows(rows: WasmRowParser, pos: number, delimiter: number): number {
    const batch = (this.batch ??= this.newBatch());
    const room = batch.index.length - batch.count;
    const got = rows.parse(pos, batch.width, delimiter, batch.values, batch.count * batch.width, room);
    for (let i = 0; i < got.rows; i++) batch.index[batch.count + i] = this.dataLines + i;
    batch.count += got.rows;
    this.dataLines += got.rows;
    this.rowsRead += got.rows;
    this.line += got.rows;
    return got.next;
  }

  /** Adds one record to the batch; returns true when the batch is full. */
  private take(rec: string[]): boolean {
    this.line++;
    if (isBlank(rec)) return this.record('blank line');
    const batch = (this.batch ??= this.newBatch());
    const problem = this.check(rec, batch);
    if (problem) {
      if (!this.opts.skipInvalid)
        throw this.error(
          problem.message,
          this.line,
          problem.column && this.describe(problem.column),
          problem.missing
            ? '--impute fills missing values, --skip-invalid skips such rows'
            : problem.text && !this.opts.encode
              ? 'a text column: --encode onehot encodes it, --skip-invalid skips such rows'
              : '--skip-invalid skips such rows, each reported',
        );
      const id = this.idIndex >= 0 ? rec[this.idIndex] : undefined;
      return this.record(problem.message, {
        ...(problem.column ? { column: problem.column } : {}),
        ...(id !== undefined ? { id } : {}),
      });
    }
    return this.accept(batch, this.idIndex >= 0 ? (rec[this.idIndex] ?? '') : undefined);
  }

  private accept(batch: Batch, id: string | undefined): boolean {
    batch.index[batch.count] = this.dataLines++;
    if (batch.ids) batch.ids.push(id ?? '');
    batch.count++;
    this.rowsRead++;
    return batch.count === batch.index.length;
  }

  /** A blank line on the fast path. */
  private skipLine(reason: string): boolean {
    this.line++;
    return this.record(reason);
  }

  /** A data line without a sample: recorded, never dropped silently. */
  private record(reason: string, where: Pick<SkippedRow, 'column' | 'id'> = {}): boolean {
    const row: SkippedRow = { index: this.dataLines++, line: this.line, reason, ...where };
    this.skipped.push(row);
    const batch = (this.batch ??= this.newBatch());
    (batch.skipped ??= []).push(row);
    return false;
  }

  /** Writes the row's values into the batch, or says what is wrong with it. */
  private check(
    rec: string[],
    batch: Batch,
  ): { message: string; column?: CsvColumn; text?: boolean; missing?: boolean } | null {
    if (rec.length !== this.fields) {
      return { message: `has ${rec.length} field${rec.length === 1 ? '' : 's'}, expected ${this.fields}` };
    }
    const base = batch.count * batch.width;
    const cols = this.columnIndex;
    for (let j = 0; j < cols.length; j++) {
      const column = this.columns[j]!;
      if (isCategorical(column)) {
        const code = this.categoryOf(column, rec[cols[j]!]!);
        if (code === null)
          return { message: `has more than ${MAX_CATEGORIES} distinct values: too many to one-hot encode`, column };
        batch.values[base + j] = code;
        continue;
      }
      const cell = this.opts.decimal === ',' ? rec[cols[j]!]!.replace(',', '.') : rec[cols[j]!]!;
      let v = cellValue(cell);
      if (v !== v && this.opts.impute && isMissing(cell)) {
        v = this.opts.impute === 'mark' ? NaN : this.opts.impute[j]!;
        this.imputed++;
      } else if (v !== v) {
        // Text, not a damaged number: a category column given by --columns (or a model's).
        const text =
          /[^\d\s.,eE+-]/.test(cell) &&
          !/^\s*[-+]?(nan|inf(inity)?)\s*$/i.test(cell) &&
          !isMissing(cell) &&
          miswrittenNumber(cell) === null;
        return { message: cellProblem(cell), column: this.columns[j]!, text, missing: isMissing(cell) };
      }
      batch.values[base + j] = v;
    }
    return null;
  }

  /** A cell's category code; a model's unknown category (−1) is counted per column. */
  private categoryOf(column: CsvColumn & { categories: string[] }, cell: string): number | null {
    const code = categoryCode(column, cell, this.opts.expected === undefined);
    if (code === -1) {
      let u = this.unknownCategories.find((x) => x.column === column.number);
      if (!u)
        this.unknownCategories.push((u = { column: column.number, name: column.name, rows: 0, example: cell.trim() }));
      u.rows++;
    }
    return code;
  }

  private flush(): Batch {
    const full = this.batch!;
    this.batch = this.newBatch();
    return full;
  }

  private describe(col: CsvColumn): string {
    return this.header ? `${col.number} (${JSON.stringify(col.name)})` : String(col.number);
  }

  private error(message: string, line: number, column?: string, hint?: string): InputError {
    return new InputError(message, { file: this.source.name, row: line, column }, hint);
  }

  private newBatch(): Batch {
    return emptyBatch(this.opts.batchRows ?? 4096, Math.max(this.columns.length, 1), { ids: this.idColumn !== null });
  }
}

function isBlank(rec: string[]): boolean {
  return rec.length === 1 && rec[0] === '';
}

/** One line through Papaparse (for the rows the fast path hands back). */
function parseLine(line: string, delimiter: string): string[] {
  return Papa.parse<string[]>(line, { delimiter }).data[0] ?? [''];
}

function fastMapFor(columnIndex: number[], fields: number): Int32Array | null {
  const map = new Int32Array(fields).fill(-1);
  for (let o = 0; o < columnIndex.length; o++) {
    const f = columnIndex[o]!;
    if (map[f] !== -1) return null;
    map[f] = o;
  }
  return map;
}
