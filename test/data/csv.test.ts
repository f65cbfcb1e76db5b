import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { CsvReader } from '../../src/data/csv.js';
import { openSource } from '../../src/data/input.js';
import { readSamples } from '../../src/data/samples.js';
import { InputError } from '../../src/errors.js';
import { tempDir, textSource, writeTemp } from '../helpers/files.js';

async function readAll(text: string | Buffer, opts = {}, chunk = 7) {
  const reader = new CsvReader(textSource(text, chunk), { batchRows: 2, ...opts });
  const rows: number[][] = [];
  const index: number[] = [];
  for await (const b of reader.batches()) {
    for (let i = 0; i < b.count; i++) {
      rows.push(Array.from(b.values.subarray(i * b.width, (i + 1) * b.width)));
      index.push(b.index[i]!);
    }
  }
  return { reader, rows, index };
}

test('headerless numeric rows, split across tiny chunks and batches', async () => {
  const { reader, rows, index } = await readAll('1,2,3\n4,5,6\n7,8,9\n');
  assert.equal(reader.header, null);
  assert.deepEqual(rows, [
    [1, 2, 3],
    [4, 5, 6],
    [7, 8, 9],
  ]);
  assert.deepEqual(index, [0, 1, 2]);
});

test('a header is detected and a text id column is skipped automatically', async () => {
  const { reader, rows } = await readAll('id,a,b\nx1,1.5,2\nx2,3,4e2\n');
  assert.deepEqual(reader.header, ['id', 'a', 'b']);
  assert.deepEqual(
    reader.columns.map((c) => c.name),
    ['a', 'b'],
  );
  assert.deepEqual(
    reader.skippedColumns.map((c) => c.name),
    ['id'],
  );
  assert.deepEqual(rows, [
    [1.5, 2],
    [3, 400],
  ]);
});

test('--columns by name, number and range; header forced off', async () => {
  const byName = await readAll('t,a,b,c\n0,1,2,3\n', { columns: 'c,a' });
  assert.deepEqual(byName.rows, [[3, 1]]);
  const byRange = await readAll('0,1,2,3\n4,5,6,7\n', { columns: '2-3' });
  assert.deepEqual(byRange.rows, [
    [1, 2],
    [5, 6],
  ]);
  await assert.rejects(readAll('t,a\n1,2\n', { columns: 'zz' }), /no column named "zz"/);
  await assert.rejects(readAll('1,2\n', { columns: '5' }), /outside 1\.\.2/);
});

test('CRLF, BOM, quoted fields and semicolons are handled', async () => {
  const { rows, reader } = await readAll('\uFEFFa;b\r\n"1";2\r\n3;"4"\r\n', {}, 3);
  assert.deepEqual(reader.header, ['a', 'b']);
  assert.deepEqual(rows, [
    [1, 2],
    [3, 4],
  ]);
});

test('a CRLF file with one bare-LF line: every line is a row, ids without a stray CR', async () => {
  for (const quoted of [false, true]) {
    // Quotes send the block through Papaparse (the general path); without, the fast path.
    const q = quoted ? '"x1"' : 'x1';
    const text = `id,a,b,c\r\n${q},1,2,3\r\nx2,5,6,7\nx3,9,10,11\r\nx4,13,14,15\r\n`;
    const { rows, reader } = await readAll(text, { idColumn: 'id' }, 5);
    assert.equal(rows.length, 4, `quoted ${quoted}`);
    assert.deepEqual(rows[2], [9, 10, 11]);
    assert.deepEqual(reader.header, ['id', 'a', 'b', 'c']);
  }
  const last = new CsvReader(textSource('a,id\r\n1,p\r\n"2",q\nx3\r\n'.replace('x3', '3,r'), 4), {
    idColumn: 'id',
    batchRows: 8,
  });
  const ids: string[] = [];
  for await (const b of last.batches()) ids.push(...b.ids!.slice(0, b.count));
  assert.deepEqual(ids, ['p', 'q', 'r'], 'the last field loses its \\r');
});

test('errors name the row (file line) and column', async () => {
  await assert.rejects(readAll('a,b\n1,2\n3,x\n'), (e: InputError) => {
    assert.ok(e instanceof InputError);
    assert.equal(e.message, 'mem.csv: row 3, column 2 ("b"): "x" is not a finite number');
    return true;
  });
  await assert.rejects(readAll('1,2\n3\n'), /row 2: has 1 field, expected 2/);
  await assert.rejects(readAll('1,2\n3,\n'), /row 2, column 2: is empty/);
  await assert.rejects(readAll('1,2\nNaN,1\n'), /row 2, column 1: "NaN" is a missing value/);
  await assert.rejects(readAll('1,2\nInfinity,1\n'), /not a finite number/);
  await assert.rejects(readAll('1,2\n1,2\n1e39,1\n'), /row 3, column 1: "1e39" is too large for 32-bit floats/);
});

test('--skip-invalid skips bad rows and keeps original indices', async () => {
  const { reader, index, rows } = await readAll('1,2\nx,3\n4,5\n6\n7,8\n', { skipInvalid: true });
  assert.deepEqual(rows, [
    [1, 2],
    [4, 5],
    [7, 8],
  ]);
  assert.deepEqual(index, [0, 2, 4]);
  assert.deepEqual(
    reader.skipped.map((s) => s.index),
    [1, 3],
  );
});

test('empty, header-only, binary and non-UTF-8 input are clear errors', async () => {
  await assert.rejects(readAll('a,b\n'), /no data rows/);
  await assert.rejects(readAll('\n\n'), /no rows/);
  await assert.rejects(readAll(Buffer.from([1, 2, 0, 3, 10])), /binary/);
  await assert.rejects(readAll(Buffer.from([0x31, 0x2c, 0xff, 0xfe, 0x0a])), /not valid UTF-8/);
});

test('ASCII blocks, then multi-byte characters split across reads: every id whole', async () => {
  // Reading switches from the Latin-1 copy (ASCII so far) to UTF-8 decoding at the first other
  // byte; the character that byte starts must come out whole wherever the read boundary falls.
  const names = ['a', 'b', 'café', 'x€y', '😀', 'z'];
  const text = 'name,v\n' + names.map((n, i) => `${n},${i}`).join('\n') + '\n';
  for (let chunk = 1; chunk <= 24; chunk++) {
    const reader = new CsvReader(textSource(text, chunk), { batchRows: 4, idColumn: 'name' });
    const ids: string[] = [];
    const values: number[] = [];
    for await (const b of reader.batches()) {
      ids.push(...b.ids!.slice(0, b.count));
      values.push(...b.values.subarray(0, b.count));
    }
    assert.deepEqual(ids, names, `chunk ${chunk}`);
    assert.deepEqual(values, [0, 1, 2, 3, 4, 5], `chunk ${chunk}`);
  }
  // Invalid UTF-8 after a long ASCII start is still refused.
  await assert.rejects(
    readAll(Buffer.concat([Buffer.from('1,2\n'.repeat(50)), Buffer.from([0x31, 0xff, 0x0a])]), {}, 64),
    /not valid UTF-8/,
  );
});

test('files: missing, directory, empty; .gz is read transparently', async () => {
  const dir = tempDir();
  await assert.rejects(openSource(`${dir}/nope.csv`), /nope\.csv: no such file/);
  await assert.rejects(openSource(dir), /is a directory/);
  await assert.rejects(openSource(writeTemp(dir, 'empty.csv', '')), /file is empty/);
  const gz = writeTemp(dir, 'd.csv.gz', gzipSync('1,2\n3,4\n'));
  const s = await readSamples(await openSource(gz), {});
  assert.deepEqual(Array.from(s.values), [1, 2, 3, 4]);
});

test('stdin source and long-format windows with start/end', async () => {
  const text = 'v\n' + Array.from({ length: 10 }, (_, i) => String(i)).join('\n') + '\n';
  const s = await readSamples(textSource(text, 5, 'stdin'), { window: { column: 'v', size: 4, stride: 3 } });
  assert.equal(s.width, 4);
  assert.equal(s.count, 3); // windows at 0..3, 3..6, 6..9
  assert.deepEqual(Array.from(s.values.subarray(4, 8)), [3, 4, 5, 6]);
  assert.deepEqual(Array.from(s.start!), [0, 3, 6]);
  assert.deepEqual(Array.from(s.end!), [4, 7, 10]);
});
