// Metric exports as they really are (issue: counters, gaps, order, hosts, missing values): each
// case that used to pass silently into a wrong answer now says what it is and how to fix it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tempDir, writeTemp } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';

const dir = tempDir();

test('duplicate header names among the columns used are refused, naming them; picking one of each works', async () => {
  const rows = Array.from({ length: 40 }, (_, i) => [i, i + 1, 2 * i, 2 * i + 1].join(','));
  const file = writeTemp(dir, 'dup.csv', 'a,a,b,b\n' + rows.join('\n') + '\n');
  const r = await runAe(['train', file, '--epochs', '1', '--quiet']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /dup\.csv: has more than one column named "a" \(columns 1, 2\), "b" \(columns 3, 4\)/);
  assert.match(r.stderr, /choose one of each by number with --columns/);
  assert.equal(r.stdout, '');
  const ok = await runAe(['train', file, '--columns', '1,3', '--epochs', '1', '--quiet', '--json']);
  assert.equal(ok.code, 0, ok.stderr);
});
