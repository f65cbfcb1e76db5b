// Streaming numeric CSV reader. Papaparse splits each text block into fields (quotes, CRLF,
// delimiters); we turn the chosen columns into Float32 batches with `Number()`, the fastest
// conversion measured here. Memory is bounded by one block plus one batch, whatever the file size.
import Papa from 'papaparse';
import { InputError } from '../errors.js';
import {
  countNewlines,
  detectDelimiter,
  detectHeader,
  isNumber,
  parseColumnSpec,
  withTail,
  type CsvColumn,
} from './csv-sniff.js';

export type { CsvColumn } from './csv-sniff.js';
import { parseSimpleNumber } from './fast-number.js';
import { textBlocks, type Source } from './input.js';

/** Values are stored as float32: anything larger would silently become ±Infinity. */
const FLOAT32_MAX = 3.4028234663852886e38;

export interface CsvOptions {
  /** true/false force it; 'auto' (default): a header if some column is text in row 1 and a number in row 2. */
  header?: boolean | 'auto';
  /** 1-based column numbers or header names, with ranges: "2-101", "x1,x2", "ts". */
  columns?: string;
  /** Skip rows with missing or non-numeric values instead of stopping at the first. */
  skipInvalid?: boolean;
  /** Rows per yielded batch. */
  batchRows?: number;
}

export interface RowBatch {
  /** Row-major values, count × width. */
  values: Float32Array;
  width: number;
  count: number;
  /** 0-based data-row index of each row (header not counted; skipped rows keep their numbers). */
  index: Int32Array;
}

export interface SkippedRow {
  index: number;
  line: number;
  reason: string;
}

export class CsvReader {
  header: string[] | null = null;
  columns: CsvColumn[] = [];
  /** Columns left out automatically because row 1 holds text there (ids, timestamps). */
  skippedColumns: CsvColumn[] = [];
  skipped: SkippedRow[] = [];
  rowsRead = 0;
  private fields = 0;
  /** 0-based field positions of `columns`, for the per-cell loop. */
  private columnIndex: number[] = [];
  private fastMap: Int32Array | null = null;
  private line = 0;

  constructor(
    private readonly source: Source,
    private readonly opts: CsvOptions = {},
  ) {}

  get width(): number {
    return this.columns.length;
  }

  async *batches(): AsyncGenerator<RowBatch> {
    const batchRows = this.opts.batchRows ?? 4096;
    let delimiter: string | undefined;
    let pending: string[][] | null = []; // records held until the header decision is made
    let batch: RowBatch | null = null; // sized once the columns are known
    let head = ''; // text held until the delimiter can be guessed from a few lines
    const blocks = textBlocks(this.source);
    for await (const raw of withTail(blocks)) {
      let block = raw.text;
      if (delimiter === undefined) {
        head += block;
        if (!raw.last && countNewlines(head) < 3) continue;
        delimiter = detectDelimiter(head);
        block = head;
      }
      if (!pending && batch && this.fastMap && block.indexOf('"') < 0) {
        // Fast path for the common case, a block without quotes: numbers are read straight
        // from the text (fast-number.ts); any row it cannot read goes through Papaparse.
        for (let pos = 0; pos < block.length;) {
          let eol = block.indexOf('\n', pos);
          if (eol < 0) eol = block.length;
          const end = eol > pos && block.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
          const from = pos;
          pos = eol + 1;
          if (end === from) continue; // blank line, as Papaparse's skipEmptyLines
          const full =
            this.fastRow(block, from, end, delimiter, batch) ??
            this.take(this.parseLine(block.slice(from, end), delimiter), batch);
          if (full) {
            yield batch;
            batch = this.newBatch(batchRows);
          }
        }
        continue;
      }
      const parsed = Papa.parse<string[]>(block, { delimiter, skipEmptyLines: true });
      const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
      if (quoteError) {
        throw this.error(`${quoteError.message.toLowerCase()}`, this.line + (quoteError.row ?? 0) + 1);
      }
      let records = parsed.data;
      if (pending) {
        pending.push(...records);
        if (pending.length < 2 && (this.opts.header ?? 'auto') === 'auto') continue;
        records = this.start(pending);
        pending = null;
      }
      batch ??= this.newBatch(batchRows);
      for (const rec of records) {
        if (this.take(rec, batch)) {
          yield batch;
          batch = this.newBatch(batchRows);
        }
      }
    }
    if (pending) {
      if (pending.length === 0) throw new InputError('no rows (the file holds no data)', { file: this.source.name });
      const records = this.start(pending);
      batch ??= this.newBatch(batchRows);
      for (const rec of records)
        if (this.take(rec, batch)) {
          yield batch;
          batch = this.newBatch(batchRows);
        }
    }
    if (this.rowsRead === 0 && this.skipped.length === 0) {
      throw new InputError('no data rows (only a header)', { file: this.source.name });
    }
    if (batch && batch.count > 0) yield trim(batch);
  }

  /** Decides header and columns from the first records; returns the records that are data. */
  private start(first: string[][]): string[][] {
    const r0 = first[0]!;
    this.fields = r0.length;
    const mode = this.opts.header ?? 'auto';
    const hasHeader = mode === 'auto' ? detectHeader(r0, first[1]) : mode;
    this.header = hasHeader ? r0.map((h) => h.trim()) : null;
    const names = (i: number) => this.header?.[i] ?? `column ${i + 1}`;
    const firstData = hasHeader ? first[1] : r0;
    if (this.opts.columns) {
      this.columns = parseColumnSpec(this.opts.columns, this.header, this.fields, this.source.name);
    } else {
      for (let i = 0; i < this.fields; i++) {
        const col = { number: i + 1, name: names(i) };
        if (firstData && !isNumber(firstData[i] ?? '')) this.skippedColumns.push(col);
        else this.columns.push(col);
      }
      if (this.columns.length === 0) {
        throw new InputError('no numeric columns (choose some with --columns)', { file: this.source.name });
      }
    }
    this.columnIndex = this.columns.map((c) => c.number - 1);
    // field → output position, for the fast path; none when a column is chosen twice.
    const map = new Int32Array(this.fields).fill(-1);
    let unique = true;
    this.columnIndex.forEach((f, o) => {
      if (map[f] !== -1) unique = false;
      map[f] = o;
    });
    this.fastMap = unique ? map : null;
    if (hasHeader) this.line = 1;
    return hasHeader ? first.slice(1) : first;
  }

  /**
   * Reads one unquoted line into the batch without creating strings. Returns whether the
   * batch is full, or null when the line needs the general path (ragged, not a plain number).
   */
  private fastRow(s: string, a: number, b: number, delimiter: string, batch: RowBatch): boolean | null {
    const map = this.fastMap!;
    const base = batch.count * batch.width;
    let field = 0;
    for (let p = a; ; field++) {
      let q = s.indexOf(delimiter, p);
      if (q < 0 || q > b) q = b;
      if (field >= map.length) return null;
      const o = map[field]!;
      if (o >= 0) {
        let v = parseSimpleNumber(s, p, q);
        if (v !== v) {
          const cell = s.slice(p, q);
          v = Number(cell);
          if (v !== v || v === Infinity || v === -Infinity || (v === 0 && cell.trim() === '')) return null;
        }
        if (v > FLOAT32_MAX || v < -FLOAT32_MAX) return null;
        batch.values[base + o] = v;
      }
      if (q === b) break;
      p = q + 1;
    }
    if (field + 1 !== map.length) return null;
    this.line++;
    batch.index[batch.count] = this.rowsRead + this.skipped.length;
    batch.count++;
    this.rowsRead++;
    return batch.count === batch.index.length;
  }

  /** One line through Papaparse (for the rows the fast path hands back). */
  private parseLine(line: string, delimiter: string): string[] {
    return Papa.parse<string[]>(line, { delimiter }).data[0] ?? [''];
  }

  /** Adds one record to the batch; returns true when the batch is full. */
  private take(rec: string[], batch: RowBatch): boolean {
    this.line++;
    const index = this.rowsRead + this.skipped.length;
    const problem = this.check(rec, batch);
    if (problem) {
      if (!this.opts.skipInvalid) throw this.error(problem.message, this.line, problem.column);
      this.skipped.push({ index, line: this.line, reason: problem.message });
      return false;
    }
    batch.index[batch.count] = index;
    batch.count++;
    this.rowsRead++;
    return batch.count === batch.index.length;
  }

  /** Writes the row's values into the batch, or says what is wrong with it. */
  private check(rec: string[], batch: RowBatch): { message: string; column?: string } | null {
    if (rec.length !== this.fields) {
      return { message: `has ${rec.length} field${rec.length === 1 ? '' : 's'}, expected ${this.fields}` };
    }
    const base = batch.count * batch.width;
    const cols = this.columnIndex;
    for (let j = 0; j < cols.length; j++) {
      const cell = rec[cols[j]!]!;
      const v = Number(cell);
      // Number('') and Number('  ') are 0: only then is the (slower) blank check needed.
      if (
        v !== v ||
        v === Infinity ||
        v === -Infinity ||
        (v === 0 && cell.trim() === '') ||
        v > FLOAT32_MAX ||
        v < -FLOAT32_MAX
      ) {
        const col = this.columns[j]!;
        const what =
          cell.trim() === ''
            ? 'is empty'
            : Number.isFinite(v)
              ? `${JSON.stringify(cell.slice(0, 40))} is too large for 32-bit floats`
              : `${JSON.stringify(cell.slice(0, 40))} is not a finite number`;
        return { message: what, column: this.describe(col) };
      }
      batch.values[base + j] = v;
    }
    return null;
  }

  private describe(col: CsvColumn): string {
    return this.header ? `${col.number} (${JSON.stringify(col.name)})` : String(col.number);
  }

  private error(message: string, line: number, column?: string): InputError {
    return new InputError(message, { file: this.source.name, row: line, column });
  }

  private newBatch(rows: number): RowBatch {
    const width = Math.max(this.columns.length, 1);
    return { values: new Float32Array(rows * width), width, count: 0, index: new Int32Array(rows) };
  }
}

function trim(b: RowBatch): RowBatch {
  return { ...b, values: b.values.subarray(0, b.count * b.width), index: b.index.subarray(0, b.count) };
}
