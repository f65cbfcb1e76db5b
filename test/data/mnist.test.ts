import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { loadIdxMnist, parseIdx } from '../../src/data/idx.js';
import { loadEmbeddedMnist, oneClassFromSplits, PIXELS, splitOneClass } from '../../src/data/mnist.js';
import { tempDir, writeTemp } from '../helpers/files.js';

function idx(dims: number[], data: number[]): Buffer {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head.writeUInt8(0x08, 2);
  head.writeUInt8(dims.length, 3);
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, Buffer.from(data)]);
}

test('embedded digits: about 1,000 per class, pixels in 0..1', () => {
  const all = loadEmbeddedMnist();
  assert.equal(all.count, all.labels.length);
  assert.ok(all.count >= 9000);
  for (let d = 0; d < 10; d++) {
    const n = all.labels.filter((l) => l === d).length;
    assert.ok(n > 800 && n < 1300, `digit ${d}: ${n}`);
  }
  assert.ok(all.values.every((v) => v >= 0 && v <= 1));
});

test('seeded one-class split: disjoint, repeatable, train holds only the normal digit', () => {
  const all = loadEmbeddedMnist();
  const a = splitOneClass(all, 1, [7, 9], 0.2, 4);
  const b = splitOneClass(all, 1, [7, 9], 0.2, 4);
  const c = splitOneClass(all, 1, [7, 9], 0.2, 5);
  assert.deepEqual(a.testSource, b.testSource);
  assert.notDeepEqual(a.testSource, c.testSource);
  assert.ok(a.train.labels.every((l) => l === 1));
  const ones = all.labels.filter((l) => l === 1).length;
  const testOnes = a.test.labels.filter((l) => l === 1).length;
  assert.equal(testOnes, Math.round(ones * 0.2));
  assert.equal(a.train.count + testOnes, ones);
  assert.ok(a.test.labels.every((l) => [1, 7, 9].includes(l)));
  assert.equal(a.train.values.length, a.train.count * PIXELS);
});

test('IDX files, plain and gzip, with either naming', async () => {
  const dir = tempDir();
  const px = Array.from({ length: 3 * 784 }, (_, i) => i % 256);
  writeTemp(dir, 'train-images-idx3-ubyte', idx([3, 28, 28], px));
  writeTemp(dir, 'train-labels-idx1-ubyte.gz', gzipSync(idx([3], [1, 2, 1])));
  writeTemp(dir, 't10k-images.idx3-ubyte.gz', gzipSync(idx([2, 28, 28], px.slice(0, 2 * 784))));
  writeTemp(dir, 't10k-labels.idx1-ubyte', idx([2], [1, 0]));
  const { train, test: t10k } = await loadIdxMnist(dir);
  assert.equal(train.count, 3);
  assert.deepEqual(Array.from(train.labels), [1, 2, 1]);
  assert.equal(train.values[255], 1);
  const split = oneClassFromSplits(train, t10k, 1, [0]);
  assert.equal(split.train.count, 2);
  assert.deepEqual(Array.from(split.test.labels), [1, 0]);
});

test('corrupt IDX files are named', async () => {
  assert.throws(() => parseIdx(Buffer.from([1, 2, 3, 4]), 'x'), /x: is not an IDX file/);
  assert.throws(() => parseIdx(idx([5], [1, 2]), 'y'), /y: is truncated: header says 5 bytes/);
  assert.throws(() => parseIdx(Buffer.from([0, 0, 8, 3, 0]), 'z'), /incomplete header/);
  assert.throws(() => parseIdx(Buffer.from([0x1f, 0x8b, 1, 2]), 'g'), /damaged gzip/);
  const dir = tempDir();
  writeTemp(dir, 'train-images-idx3-ubyte', idx([1, 28, 28], new Array(100).fill(0)));
  writeTemp(dir, 'train-labels-idx1-ubyte', idx([1], [1]));
  await assert.rejects(loadIdxMnist(dir), /train-images-idx3-ubyte: is truncated/);
  const empty = tempDir();
  await assert.rejects(loadIdxMnist(empty), /no train-images-idx3-ubyte/);
});
