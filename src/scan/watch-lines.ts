// Lines of a watched input, at its edges: the header and the first N data lines a live watch
// learns from (the rest flows on untouched), and the last K lines a later watch needs to fill
// its first window when it resumes. Text only: the reader parses them as it parses the rest.
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { openSource, textBlocks } from '../data/input.js';

/** The first line and the next `n` non-blank lines of a stream; `rest` yields what follows. */
export async function splitHead(
  stream: Readable,
  n: number,
): Promise<{ header: string | null; lines: string[]; rest: AsyncIterable<Buffer> }> {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const decoder = new StringDecoder('utf8');
  let text = '';
  let at = 0; // where the next line starts in `text`
  let header: string | null = null;
  const lines: string[] = [];
  for (;;) {
    let nl: number;
    while ((header === null || lines.length < n) && (nl = text.indexOf('\n', at)) >= 0) {
      const line = text.slice(at, nl).replace(/\r$/, '');
      at = nl + 1;
      if (header === null) header = line;
      else if (line.trim() !== '') lines.push(line);
    }
    if (header !== null && lines.length >= n) break;
    const r = await it.next();
    if (r.done) break;
    text = text.slice(at) + decoder.write(r.value);
    at = 0;
  }
  text += decoder.end();
  const left = text.slice(at);
  async function* rest(): AsyncGenerator<Buffer> {
    if (left) yield Buffer.from(left);
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  return { header, lines, rest: rest() };
}

/** Keeps the last `k` non-blank lines of what passes through (and the first line). */
export class LineTail {
  header: string | null = null;
  private readonly ring: string[] = [];
  private carry = '';
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly k: number) {}

  /** A stream that passes `source` through unchanged, watching its lines. */
  tap(source: AsyncIterable<Buffer>): Readable {
    const self = this;
    return Readable.from(
      (async function* () {
        for await (const chunk of source) {
          self.take(self.decoder.write(chunk));
          yield chunk;
        }
        self.take(self.decoder.end() + '\n');
      })(),
    );
  }

  take(text: string): void {
    const parts = (this.carry + text).split('\n');
    this.carry = parts.pop()!;
    for (const raw of parts) {
      const line = raw.replace(/\r$/, '');
      if (this.header === null) this.header = line;
      else if (line.trim() !== '') {
        this.ring.push(line);
        if (this.ring.length > this.k) this.ring.shift();
      }
    }
  }

  get lines(): string[] {
    return [...this.ring];
  }
}

/** The first line and the last `k` non-blank lines of a file (gzip too), read once more. */
export async function fileEdges(file: string, k: number): Promise<{ header: string | null; lines: string[] }> {
  const tail = new LineTail(k);
  for await (const block of textBlocks(await openSource(file))) tail.take(block);
  tail.take('\n');
  return { header: tail.header, lines: tail.lines };
}
