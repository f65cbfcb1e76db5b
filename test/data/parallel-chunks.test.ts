// A file parsed by several workers in chunks must give exactly what one reader gives: the
// same rows, values, ids, file-wide indices, skipped-line records and error rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Batch } from '../../src/data/batch.js';
import { openSource } from '../../src/data/input.js';
import { streamRowsInWorkers } from '../../src/data/parallel-chunks.js';
import { csvOptionsFor, streamSamples, type SampleSpec } from '../../src/data/samples.js';
import { createRng } from '../../src/data/rng.js';
import { tempDir, writeTemp } from '../helpers/files.js';

const dir = tempDir();

/** 3,000 rows of `id,a,b,c`, with blank lines, a CRLF stretch and bad rows sprinkled in. */
function messyCsv(): string {
  const rand = createRng(11);
  const lines = ['id,a,b,c'];
  for (let i = 0; i < 3000; i++) {
    if (i % 397 === 5) lines.push('');
    const bad = i % 613 === 7;
    lines.push(`r${i},${(rand() * 100).toFixed(3)},${bad ? 'oops' : (rand() - 0.5).toExponential(2)},${i}`);
  }
  return lines.map((l, i) => (i > 1000 && i < 1100 ? l + '\r' : l)).join('\n') + '\n';
}

async function collect(batches: AsyncIterable<Batch>) {
  const rows: { index: number; id?: string; values: number[] }[] = [];
  const skipped: unknown[] = [];
  for await (const b of batches) {
    for (let i = 0; i < b.count; i++)
      rows.push({
        index: b.index[i]!,
        id: b.ids?.[i],
        values: Array.from(b.values.subarray(i * b.width, (i + 1) * b.width)),
      });
    skipped.push(...(b.skipped ?? []));
  }
  return { rows, skipped };
}

async function both(text: string, spec: SampleSpec, chunkBytes: number, workers: number) {
  const file = writeTemp(dir, `f-${chunkBytes}-${workers}.csv`, text);
  const one = streamSamples(await openSource(file), spec);
  const single = await collect(one.batches);
  const many = streamRowsInWorkers(file, Buffer.byteLength(text), csvOptionsFor(spec), { chunkBytes, workers });
  const parallel = await collect(many.batches);
  return { single, parallel, singleInfo: one.reader, parallelInfo: many.info() };
}

for (const [chunkBytes, workers] of [
  [4096, 2],
  [7777, 3],
  [1 << 20, 2],
]) {
  test(`chunks of ${chunkBytes} bytes on ${workers} workers = one reader (ids, blank and bad lines, CRLF)`, async () => {
    const spec: SampleSpec = { id: 'id', skipInvalid: true };
    const r = await both(messyCsv(), spec, chunkBytes!, workers!);
    assert.equal(r.parallel.rows.length, r.single.rows.length);
    assert.deepEqual(r.parallel.rows, r.single.rows);
    assert.deepEqual(r.parallel.skipped, r.single.skipped);
    assert.deepEqual(r.parallelInfo.skipped, r.single.skipped);
    assert.deepEqual(r.parallelInfo.columns, r.singleInfo.columns);
    assert.equal(r.parallelInfo.idColumn?.name, 'id');
  });
}

test('a bad cell in a late chunk is reported at its file row, as one reader reports it', async () => {
  const text = messyCsv();
  const file = writeTemp(dir, 'bad.csv', text);
  const spec: SampleSpec = { id: 'id' };
  const expected = await collect(streamSamples(await openSource(file), spec).batches).then(
    () => null,
    (e: Error) => e.message,
  );
  assert.match(expected!, /bad\.csv: row \d+, column/);
  // Skip the first bad row (row 9) so the error lies beyond the first chunk.
  const late = text.replace(/\nr7,[^\n]*/, '\nr7,1,2,7');
  const fileLate = writeTemp(dir, 'bad-late.csv', late);
  const single = await collect(streamSamples(await openSource(fileLate), spec).batches).then(
    () => null,
    (e: Error) => e.message,
  );
  const parallel = await collect(
    streamRowsInWorkers(fileLate, Buffer.byteLength(late), csvOptionsFor(spec), { chunkBytes: 4096 }).batches,
  ).then(
    () => null,
    (e: Error) => e.message,
  );
  assert.ok(single && /row (\d+)/.exec(single)![1] !== '9', single ?? 'no error');
  assert.equal(parallel, single);
});
