import assert from 'node:assert/strict';
import { test } from 'node:test';
import { joinLabels, readLabels } from '../../src/data/labels.js';
import { tempDir, writeTemp } from '../helpers/files.js';

const dir = tempDir();

test('label files: 0/1 lines, index,label and index,kind (normal is negative), id,label', async () => {
  const lines = await readLabels(writeTemp(dir, 'a.txt', '0\n1\ntrue\n0\n'));
  assert.deepEqual(
    [...lines.values],
    [
      [0, 0],
      [1, 1],
      [2, 1],
      [3, 0],
    ],
  );
  const csv = await readLabels(writeTemp(dir, 'b.csv', 'index,label\n0,0\n1,1\n'));
  assert.deepEqual(joinLabels(csv, { index: [0, 1] }, 'b.csv'), [0, 1]);
  const kinds = await readLabels(writeTemp(dir, 'c.csv', 'index,kind\n0,normal\n1,cosine\n2,low-noise\n'));
  assert.deepEqual(joinLabels(kinds, { index: [0, 1, 2] }, 'c.csv'), [0, 1, 1]);
  const ids = await readLabels(writeTemp(dir, 'd.csv', 'timestamp,label\n2026-01-01T00:00,1\n2026-01-01T00:05,0\n'));
  assert.equal(ids.by, 'id');
  assert.deepEqual(joinLabels(ids, { index: [0, 1], ids: ['2026-01-01T00:05', '2026-01-01T00:00'] }, 'd.csv'), [0, 1]);
});

test('windows are positive when a labelled line falls inside', async () => {
  const l = await readLabels(writeTemp(dir, 'w.txt', '0\n0\n0\n1\n0\n0\n'));
  assert.deepEqual(joinLabels(l, { index: [0, 1, 2], start: [0, 2, 4], end: [2, 4, 6] }, 'w.txt'), [0, 1, 0]);
});

test('a label file for other data is refused with both counts; bad values name row and column', async () => {
  const l = await readLabels(writeTemp(dir, 'short.txt', '0\n1\n'));
  assert.throws(
    () => joinLabels(l, { index: [0, 1, 2] }, 'short.txt'),
    /has 2 label\(s\); the data has 3 scored row\(s\), 1 of them without a label/,
  );
  await assert.rejects(
    readLabels(writeTemp(dir, 'bad.txt', '0\nmaybe\n')),
    /bad\.txt: row 2, column 1: "maybe" is not a label/,
  );
  await assert.rejects(readLabels(writeTemp(dir, 'hdr.csv', 'index,score\n0,1\n')), /second column must be "label"/);
  const byId = await readLabels(writeTemp(dir, 'id.csv', 'id,label\na,1\n'));
  assert.throws(() => joinLabels(byId, { index: [0] }, 'id.csv'), /scan with --id/);
});
