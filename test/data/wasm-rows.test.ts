import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { FieldScanner } from '../../src/data/fast-number.js';
import { NUMBER_ROWS_WASM } from '../../src/data/number-rows-wasm.js';
import { createRng } from '../../src/data/rng.js';
import { WasmRowParser } from '../../src/data/wasm-rows.js';

function parseAll(text: string, width: number, maxRows = 1000, delimiter = ',') {
  const rows = new WasmRowParser();
  assert.ok(rows.load(text));
  const values = new Float32Array(maxRows * width);
  return { ...rows.parse(0, width, delimiter.charCodeAt(0), values, 0, maxRows), values };
}

test('the embedded module is a fresh compile of wasm/number-rows.ts', () => {
  const res = spawnSync(process.execPath, ['scripts/build-wasm.mjs', '--print'], { encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  assert.equal(res.stdout.trim(), NUMBER_ROWS_WASM, 'run `node scripts/build-wasm.mjs` and commit the result');
});

test('numbers read exactly as the JavaScript field scanner reads them', () => {
  const r = createRng(5);
  const scanner = new FieldScanner();
  const cells: string[] = [];
  for (let k = 0; k < 30000; k++) {
    const v = (r() - 0.5) * 10 ** Math.floor(r() * 14 - 7);
    const cell = [v.toFixed(k % 10), v.toExponential(k % 7), String(Math.round(v)), `+${Math.abs(v).toFixed(3)}`][
      k % 4
    ]!;
    if (!Number.isNaN(scanner.scan(cell, 0, cell.length, 44))) cells.push(cell);
  }
  assert.ok(cells.length > 25000, `${cells.length} plain cells`);
  const width = 5;
  const lines = [];
  for (let i = 0; i + width <= cells.length; i += width) lines.push(cells.slice(i, i + width).join(','));
  const { rows, next, values } = parseAll(lines.join('\n') + '\n', width, lines.length);
  assert.equal(rows, lines.length);
  assert.equal(next, lines.join('\n').length + 1);
  for (let i = 0; i < rows * width; i++) {
    const want = Math.fround(scanner.scan(cells[i]!, 0, cells[i]!.length, 44));
    assert.ok(Object.is(values[i], want), `${cells[i]}: ${values[i]} vs ${want}`);
  }
});

test('a run stops at the start of the first line it does not take', () => {
  const good = '1,2\n-3.5,4e2\r\n';
  for (const bad of [
    '\n',
    ' 1,2\n',
    '1 ,2\n',
    '"1",2\n',
    '1,2,3\n',
    '1\n',
    'a,2\n',
    '1,2\r\r\n',
    '1;2\n',
    '12345678901234567,1\n',
    '1e23,1\n',
  ]) {
    const { rows, next, values } = parseAll(good + bad + '5,6\n', 2);
    assert.equal(rows, 2, JSON.stringify(bad));
    assert.equal(next, good.length, JSON.stringify(bad));
    assert.deepEqual(Array.from(values.subarray(0, 4)), [1, 2, -3.5, 400]);
  }
  // Resumes from any line; the last line needs no newline; maxRows is kept.
  const text = '1,2\n3,4\n5,6';
  const rows = new WasmRowParser();
  rows.load(text);
  const out = new Float32Array(6);
  assert.deepEqual(rows.parse(0, 2, 44, out, 0, 1), { rows: 1, next: 4 });
  assert.deepEqual(rows.parse(4, 2, 44, out, 2, 5), { rows: 2, next: text.length });
  assert.deepEqual(Array.from(out), [1, 2, 3, 4, 5, 6]);
  // Other delimiters, and a text that is not all ASCII is not taken at all.
  assert.equal(parseAll('1\t2\n', 2, 10, '\t').rows, 1);
  assert.equal(new WasmRowParser().load('1,2\ncafé,3\n'), false);
});
