import assert from 'node:assert/strict';
import { test } from 'node:test';
import { categoryCode, encodedPosition, encodedWidth, encodeRows, MAX_CATEGORIES } from '../../src/data/onehot.js';

test('category codes widen into one indicator per category; an unknown one into zeros', () => {
  const kind = { number: 2, name: 'kind', categories: [] as string[] };
  assert.deepEqual(
    ['b', 'a ', 'b', 'c'].map((c) => categoryCode(kind, c, true)),
    [0, 1, 0, 2],
  );
  assert.deepEqual(kind.categories, ['b', 'a', 'c']);
  assert.equal(categoryCode(kind, 'z', false), -1, 'scanning never learns');
  const columns = [{ number: 1, name: 'x' }, kind, { number: 3, name: 'y' }];
  assert.equal(encodedWidth(columns), 5);
  const codes = Float32Array.from([1.5, 2, 7, -3, -1, 8]);
  assert.deepEqual(Array.from(encodeRows(codes, 2, columns)), [1.5, 0, 0, 1, 7, -3, 0, 0, 0, 8]);
  assert.deepEqual(encodedPosition(columns, 3), { column: kind, category: 'c' });
  assert.deepEqual(encodedPosition(columns, 4), { column: columns[2] });
});

test('a column with more distinct values than MAX_CATEGORIES is no category column', () => {
  const id = { number: 1, name: 'id', categories: [] as string[] };
  for (let i = 0; i < MAX_CATEGORIES; i++) assert.equal(categoryCode(id, `u${i}`, true), i);
  assert.equal(categoryCode(id, 'one more', true), null);
});
