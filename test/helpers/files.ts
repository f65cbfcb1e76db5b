// Temporary folders and small input files for tests.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after } from 'node:test';
import type { Source } from '../../src/data/input.js';

export function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ae-test-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function writeTemp(dir: string, name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** A Source over an in-memory string, cut into pieces of `chunk` bytes to exercise block joins. */
export function textSource(text: string | Buffer, chunk = 7, name = 'mem.csv'): Source {
  const buf = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunk) parts.push(buf.subarray(i, i + chunk));
  return { name, stream: Readable.from(parts) };
}
