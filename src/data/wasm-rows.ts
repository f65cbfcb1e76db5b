/// <reference path="./webassembly.d.ts" />
// The CSV reader's WebAssembly route (wasm/number-rows.ts): lines of plain numbers, and nothing
// else, parsed from bytes. On the 200 MB bench file a reader thread spends ~0.8 s where the
// JavaScript route spends ~2 s (decisions #40). The module is ~1 KB, compiled once per thread.
import { NUMBER_ROWS_WASM } from './number-rows-wasm.js';

interface Exports {
  memory: WebAssembly.Memory;
  stoppedAt: WebAssembly.Global;
  parseRows(start: number, end: number, width: number, delimiter: number, out: number, maxRows: number): number;
}

let compiled: WebAssembly.Module | null = null;
const PAGE = 65536;
/** Input starts above the module's own static data (its power-of-ten table). */
const BASE = PAGE;

/** One reader's parser: a text block is loaded once, then read in runs of rows from any line. */
export class WasmRowParser {
  private readonly wasm: Exports;
  private end = BASE;

  constructor() {
    compiled ??= new WebAssembly.Module(Buffer.from(NUMBER_ROWS_WASM, 'base64'));
    this.wasm = new WebAssembly.Instance(compiled).exports as unknown as Exports;
  }

  /**
   * Copies a text block into the module's memory; false (nothing loaded) unless every character
   * is ASCII, for only then is a character one byte and text positions byte positions.
   */
  load(text: string): boolean {
    if (Buffer.byteLength(text, 'utf8') !== text.length) return false;
    this.reserve(BASE + text.length + 1);
    const mem = Buffer.from(this.wasm.memory.buffer);
    mem.write(text, BASE, 'latin1');
    mem[BASE + text.length] = 10; // the last line ends, newline or not
    this.end = BASE + text.length;
    return true;
  }

  /**
   * Reads whole lines of `width` numbers from text position `from`, at most `maxRows`, into
   * `target` from `offset`. Returns the rows read and the text position of the first line not
   * read (the block's length when all were).
   */
  parse(from: number, width: number, delimiter: number, target: Float32Array, offset: number, maxRows: number) {
    const out = (this.end + 8) & ~3;
    this.reserve(out + maxRows * width * 4);
    const rows = this.wasm.parseRows(BASE + from, this.end, width, delimiter, out, maxRows);
    target.set(new Float32Array(this.wasm.memory.buffer, out, rows * width), offset);
    return { rows, next: (this.wasm.stoppedAt.value as number) - BASE };
  }

  private reserve(bytes: number): void {
    const have = this.wasm.memory.buffer.byteLength;
    if (bytes > have) this.wasm.memory.grow(Math.ceil((bytes - have) / PAGE));
  }
}
