// Opens a data source (a path, `-` for stdin, `.gz` transparently) and yields its text in
// blocks that end on a record boundary, so each block can be parsed on its own. Reading is
// pull-based (async iteration), which gives back-pressure for free: nothing is read faster
// than the consumer asks.
import { isAscii } from 'node:buffer';
import { createReadStream, promises as fsp } from 'node:fs';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { InputError } from '../errors.js';
import { describeFsError } from '../io/fs-errors.js';

export interface Source {
  /** Name used in messages: the path, or `stdin`. */
  name: string;
  stream: Readable;
}

/** Checks the path up front so the common mistakes get a clear message before any work. */
export async function openSource(path: string, stdin?: Readable): Promise<Source> {
  if (path === '-') {
    if (!stdin) throw new InputError('reading from stdin is not available here');
    return { name: 'stdin', stream: stdin };
  }
  let stat;
  try {
    stat = await fsp.stat(path);
  } catch (err) {
    throw new InputError(describeFsError(err), { file: path });
  }
  if (stat.isDirectory()) throw new InputError('is a directory, not a file', { file: path });
  if (stat.size === 0) throw new InputError('file is empty', { file: path });
  try {
    await (await fsp.open(path, 'r')).close();
  } catch (err) {
    throw new InputError(describeFsError(err), { file: path });
  }
  return { name: path, stream: createReadStream(path, { highWaterMark: 1 << 16 }) };
}

/**
 * The lines of a file that start in bytes [start, end), for parsing a file in chunks on several
 * threads: from the first line start at or after `start` (0 is one) to the end of the line that
 * holds byte end − 1. Every line belongs to exactly one chunk.
 */
export function chunkSource(path: string, start: number, end: number): Source {
  async function* bytes(): AsyncGenerator<Buffer> {
    const fh = await fsp.open(path, 'r');
    try {
      const from = start === 0 ? 0 : await nextLineStart(fh, start - 1);
      if (from >= end) return; // no line starts in this chunk
      const buf = Buffer.allocUnsafe(1 << 16);
      let at = from;
      let last = -1;
      while (at < end) {
        const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, end - at), at);
        if (bytesRead === 0) return;
        last = buf[bytesRead - 1]!;
        yield Buffer.from(buf.subarray(0, bytesRead));
        at += bytesRead;
      }
      // The chunk's last line runs on past `end` to its newline.
      while (last !== 10) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, at);
        if (bytesRead === 0) return;
        const nl = buf.subarray(0, bytesRead).indexOf(10);
        const n = nl >= 0 ? nl + 1 : bytesRead;
        last = buf[n - 1]!;
        yield Buffer.from(buf.subarray(0, n));
        at += n;
      }
    } finally {
      await fh.close();
    }
  }
  return { name: path, stream: Readable.from(bytes()) };
}

/** The position just after the first newline at or after `pos` (the file's size if none). */
async function nextLineStart(fh: fsp.FileHandle, pos: number): Promise<number> {
  const buf = Buffer.allocUnsafe(1 << 16);
  for (let at = pos; ; at += buf.length) {
    const { bytesRead } = await fh.read(buf, 0, buf.length, at);
    if (bytesRead === 0) return at;
    const nl = buf.subarray(0, bytesRead).indexOf(10);
    if (nl >= 0) return at + nl + 1;
  }
}

/**
 * Whether an input holds nothing at all (a pipeline partition can be empty). For stdin the first
 * chunk is read to know, and the returned source replays it.
 */
export async function peekEmpty(
  path: string,
  stdin?: Readable,
  /** For stdin: aborting ends the input there, as its end would (Ctrl-C on a live stream). */
  signal?: AbortSignal,
): Promise<{
  empty: boolean;
  source?: Source;
  /** A file's size (null: stdin, or unreadable). */ size: number | null;
}> {
  if (path !== '-') {
    const stat = await fsp.stat(path).catch(() => null);
    const size = stat?.isFile() ? stat.size : null;
    return { empty: size === 0, size };
  }
  const source = await openSource(path, stdin);
  const it = abortableReads(source, signal);
  const first = await it.next();
  if (!first) return { empty: true, size: null };
  async function* replay() {
    yield first!;
    for (let r = await it.next(); r; r = await it.next()) yield r;
  }
  return { empty: false, source: { name: source.name, stream: Readable.from(replay()) }, size: null };
}

/**
 * A source's chunks, one read at a time; aborting ends them there, as the input's end would
 * (Ctrl-C on a live stream, or on a file still being written). null: the end.
 */
function abortableReads(source: Source, signal?: AbortSignal): { next(): Promise<Buffer | null> } {
  const it = source.stream[Symbol.asyncIterator]();
  const done = (r: IteratorResult<unknown>) => (r.done ? null : (r.value as Buffer));
  // A fresh listener per read, removed once the read settles: racing every read against one
  // long-lived "aborted" promise kept each chunk reachable from it (RSS grew with the stream).
  const next = (): Promise<Buffer | null> => {
    if (!signal) return it.next().then(done);
    if (signal.aborted) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      const onAbort = () => resolve(null);
      signal.addEventListener('abort', onAbort, { once: true });
      it.next().then(
        (r) => {
          signal.removeEventListener('abort', onAbort);
          resolve(done(r));
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  };
  return { next };
}

/** A source that ends where `signal` aborts (a file read on this thread, stopped by Ctrl-C). */
export function abortableSource(source: Source, signal: AbortSignal): Source {
  const it = abortableReads(source, signal);
  async function* chunks() {
    for (let r = await it.next(); r; r = await it.next()) yield r;
    source.stream.destroy();
  }
  return { name: source.name, stream: Readable.from(chunks()) };
}

/** Decompresses when the data starts with gzip's magic bytes, whatever the file is called. */
async function* maybeGunzip(source: Source): AsyncGenerator<Buffer> {
  const it = source.stream[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  const head = first.value as Buffer;
  const rest = async function* () {
    yield head;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value as Buffer;
  };
  if (head[0] !== 0x1f || head[1] !== 0x8b) {
    yield* rest();
    return;
  }
  const gunzip = createGunzip();
  const feed = (async () => {
    for await (const chunk of rest()) if (!gunzip.write(chunk)) await new Promise((r) => gunzip.once('drain', r));
    gunzip.end();
  })();
  feed.catch((err) => gunzip.destroy(err));
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (err) {
    throw new InputError(`not a valid gzip stream (${(err as Error).message})`, { file: source.name });
  }
  await feed;
}

/** Invalid UTF-8 at a line (1-based, as the file's lines): most likely a Latin-1 export. */
function notUtf8(file: string, line: number): InputError {
  const name = file === 'stdin' ? 'FILE' : file;
  return new InputError(
    'is not valid UTF-8 text',
    { file, row: line },
    `if it is Latin-1 (Windows-1252), convert it: iconv -f latin1 -t utf-8 ${name} > utf8.csv`,
  );
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Yields UTF-8 text cut after the last newline that is outside double quotes, so that quoted
 * fields with newlines stay whole. A BOM is dropped; NUL bytes or invalid UTF-8 are errors
 * (binary input must never be parsed as numbers).
 */
export async function* textBlocks(source: Source): AsyncGenerator<string> {
  // StringDecoder keeps multi-byte characters whole across chunks and is much faster than a
  // fatal TextDecoder; invalid bytes become U+FFFD, which we then refuse.
  const decoder = new StringDecoder('utf8');
  // While every byte so far is ASCII, a buffer is copied as Latin-1 (the same characters, a
  // one-byte string, ~2× faster than decoding); from the first other byte on, the decoder
  // takes over for good, so no multi-byte character is ever split between the two.
  let ascii = true;
  let first = true;
  let carry = '';
  let inQuotes = false; // quote state at the end of `carry`
  const fail = (msg: string) => new InputError(msg, { file: source.name });
  let lines = 0; // newlines before this buffer, to name the row of an encoding error
  try {
    for await (const buf of maybeGunzip(source)) {
      if (buf.includes(0)) throw fail('looks like binary data (NUL bytes), not CSV text');
      ascii &&= isAscii(buf);
      let text = ascii ? buf.toString('latin1') : decoder.write(buf);
      const bad = ascii ? -1 : text.indexOf('\uFFFD');
      if (bad >= 0) throw notUtf8(source.name, lines + countNewlines(text, bad) + 1);
      lines += countNewlines(text, text.length);
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // byte-order mark
        first = false;
      }
      let cut = -1;
      let q: boolean = inQuotes;
      if (!q && text.indexOf('"') < 0) {
        cut = text.lastIndexOf('\n'); // the common case, no quotes: a native search
      } else {
        for (let i = 0; i < text.length; i++) {
          const ch = text.charCodeAt(i);
          if (ch === 34) q = !q;
          else if (ch === 10 && !q) cut = i;
        }
      }
      if (cut < 0) {
        carry += text;
      } else {
        yield carry + text.slice(0, cut + 1);
        carry = text.slice(cut + 1);
      }
      inQuotes = q;
    }
    carry += decoder.end();
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw fail(describeFsError(err));
  }
  if (carry.length > 0) yield carry;
}
