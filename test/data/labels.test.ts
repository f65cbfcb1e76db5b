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

test('windows join id labels by time (or number) order: positive when a positive id falls between first and last row', async () => {
  const times = ['2026-01-01 00:00', '2026-01-01 00:05', '2026-01-01 00:10', '2026-01-01 00:15'];
  const byTime = await readLabels(
    writeTemp(dir, 'wt.csv', 'timestamp,label\n' + times.map((t, i) => `${t},${i === 2 ? 1 : 0}`).join('\n') + '\n'),
  );
  const windows = {
    index: [0, 1],
    start: [0, 2],
    end: [2, 4],
    startIds: [times[0]!, times[2]!],
    endIds: [times[1]!, times[3]!],
  };
  assert.deepEqual(joinLabels(byTime, windows, 'wt.csv'), [0, 1]);
  // The same lines keyed by epoch seconds in the data and the labels.
  const epochs = ['1767225600', '1767225900', '1767226200', '1767226500'];
  const byEpoch = await readLabels(
    writeTemp(dir, 'we.csv', 'ts,label\n' + epochs.map((t, i) => `${t},${i === 1 ? 1 : 0}`).join('\n') + '\n'),
  );
  const ew = { ...windows, startIds: [epochs[0]!, epochs[2]!], endIds: [epochs[1]!, epochs[3]!] };
  assert.deepEqual(joinLabels(byEpoch, ew, 'we.csv'), [1, 0]);
  // Ids with no order cannot say which lines a window holds.
  const names = await readLabels(writeTemp(dir, 'wn.csv', 'host,label\na,0\nb,1\nc,0\nd,0\n'));
  const nw = { ...windows, startIds: ['a', 'c'], endIds: ['b', 'd'] };
  assert.throws(() => joinLabels(names, nw, 'wn.csv'), /"a" is neither a time nor a number: .*index,label/);
  // Without ids on the windows: say which flag gives them.
  assert.throws(() => joinLabels(byTime, { index: [0, 1], start: [0, 2], end: [2, 4] }, 'wt.csv'), /scan with --id/);
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
