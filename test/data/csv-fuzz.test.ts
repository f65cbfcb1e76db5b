// Fuzzing the CSV reader with seeded random and mutated inputs: it must always end, with
// either rows or a typed InputError, never another exception or a hang. Clean numeric
// inputs are also checked against a reference parse, which covers the fast number path.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CsvReader } from '../../src/data/csv.js';
import { createRng } from '../../src/data/rng.js';
import { AeError, InputError } from '../../src/errors.js';
import { textSource } from '../helpers/files.js';

const rng = createRng(2024);
const int = (n: number) => Math.floor(rng() * n);
const pick = <T>(xs: T[]) => xs[int(xs.length)]!;

function randomCell(): string {
  const v = (rng() - 0.5) * 10 ** (int(8) - 3);
  return pick([
    () => v.toFixed(int(7)),
    () => v.toExponential(int(5)),
    () => String(int(1000)),
    () => ` ${v.toFixed(2)} `,
    () => `"${v.toFixed(3)}"`,
  ])();
}

function randomCsv(): { text: string; rows: number; cols: number } {
  const rows = 1 + int(40);
  const cols = 1 + int(8);
  const header = rng() < 0.5 ? Array.from({ length: cols }, (_, i) => `c${i}`).join(',') + '\n' : '';
  const eol = rng() < 0.3 ? '\r\n' : '\n';
  const body =
    Array.from({ length: rows }, () => Array.from({ length: cols }, randomCell).join(',')).join(eol) +
    (rng() < 0.8 ? eol : '');
  return { text: header + body, rows, cols };
}

const NOISE = ['"', ',', '\n', '\r', '\0', 'x', 'NaN', '', ' ', '\uFEFF', '\u00e9', ';', '1e999', '-', '.'];

function mutate(text: string): Buffer {
  let t = text;
  for (let k = 0, n = 1 + int(4); k < n; k++) {
    const at = int(t.length + 1);
    const op = int(3);
    if (op === 0) t = t.slice(0, at) + pick(NOISE) + t.slice(at);
    else if (op === 1) t = t.slice(0, at) + t.slice(at + 1 + int(5));
    else t = t.slice(0, at) + t.slice(at).replace(/\d/, pick(NOISE));
  }
  const buf = Buffer.from(t);
  if (rng() < 0.1 && buf.length) buf[int(buf.length)] = 0x80 + int(0x7f); // broken UTF-8
  return buf;
}

async function readAll(input: string | Buffer, chunk: number) {
  const reader = new CsvReader(textSource(input, chunk), { batchRows: 1 + int(16), skipInvalid: rng() < 0.3 });
  const values: number[] = [];
  for await (const b of reader.batches()) values.push(...b.values.subarray(0, b.count * b.width));
  return { reader, values };
}

test('3,000 random and mutated inputs: rows or an InputError, nothing else', async () => {
  let parsed = 0;
  let rejected = 0;
  for (let k = 0; k < 3000; k++) {
    const { text } = randomCsv();
    const input = k % 4 === 0 ? text : mutate(text);
    try {
      const { values } = await readAll(input, 1 + int(64));
      assert.ok(
        values.every((v) => Number.isFinite(v)),
        'only finite numbers come out',
      );
      parsed++;
    } catch (err) {
      if (!(err instanceof InputError))
        throw new Error(`input ${JSON.stringify(String(input))} threw ${(err as Error).stack}`);
      assert.ok(err instanceof AeError && err.exitCode === 1);
      assert.doesNotMatch(err.message, /\n/, 'one line');
      rejected++;
    }
  }
  assert.ok(parsed > 500 && rejected > 500, `parsed ${parsed}, rejected ${rejected}`);
});

test('clean numeric inputs read exactly like a reference parse, at any chunk size', async () => {
  for (let k = 0; k < 500; k++) {
    const rows = 1 + int(30);
    const cols = 1 + int(6);
    const cells = Array.from({ length: rows }, () =>
      Array.from({ length: cols }, () => ((rng() - 0.5) * 10 ** (int(10) - 4)).toPrecision(1 + int(12))),
    );
    const text = cells.map((r) => r.join(',')).join('\n') + '\n';
    const { values } = await readAll(text, 1 + int(200));
    assert.deepEqual(
      values,
      cells.flat().map((c) => Math.fround(Number(c))),
    );
  }
});
