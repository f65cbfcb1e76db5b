// --explain: which columns (window positions) carry a flagged sample's error.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';

const dir = tempDir();
const f = (name: string) => path.join(dir, name);

test('on the seed series, a flagged cosine is explained by the time steps where 3·cos and sin differ most', async () => {
  const g = await runAe([
    'generate',
    'sines',
    '--noisy',
    '1500',
    '--low-noise',
    '20',
    '--cosines',
    '20',
    '--seed',
    '4',
    '--out',
    f('s.csv'),
    '--labels',
    f('l.csv'),
  ]);
  assert.equal(g.code, 0, g.stderr);
  const r = await runAe([
    'scan',
    f('s.csv'),
    '--threshold',
    '5',
    '--explain',
    '3',
    '--json',
    '--epochs',
    '20',
    '--quiet',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const kinds = readFileSync(f('l.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[1]);
  const cosines = JSON.parse(r.stdout).flagged.filter((x: { index: number }) => kinds[x.index] === 'cosine');
  assert.ok(cosines.length >= 15, `${cosines.length} cosines flagged`);
  const gap = (column: number) => {
    const t = ((column - 1) / 99) * 2 * Math.PI;
    return Math.abs(3 * Math.cos(t) - Math.sin(t));
  };
  const max = Math.sqrt(10); // |3·cos t − sin t| peaks at √10, near t ≈ 2.82 and 5.96
  const near = cosines.filter((c: { explain: { column: number }[] }) => gap(c.explain[0]!.column) > 0.8 * max).length;
  assert.ok(near >= 0.8 * cosines.length, `${near} of ${cosines.length} top columns where the curves differ most`);
  for (const c of cosines) {
    assert.equal(c.explain.length, 3);
    assert.equal(c.explain[0].name, undefined, 'no header, no name');
    assert.ok(c.explain[0].share >= c.explain[1].share && c.explain[1].share >= c.explain[2].share);
  }
});

test('shares sum to 1 over all columns, and the perturbed column comes first', async () => {
  const rows = Array.from({ length: 300 }, (_, i) =>
    Array.from({ length: 6 }, (_, c) => (Math.sin(i / 5 + c) + c).toFixed(4)),
  );
  const head = 'a,b,c,d,e,f';
  writeFileSync(f('train.csv'), [head, ...rows.map((r) => r.join(','))].join('\n') + '\n');
  const t = await runAe([
    'train',
    f('train.csv'),
    '--out',
    f('m'),
    '--epochs',
    '30',
    '--output-activation',
    'linear',
    '--layers',
    '4,3',
    '--quiet',
  ]);
  assert.equal(t.code, 0, t.stderr);
  const odd = rows[10]!.slice();
  odd[3] = '40'; // column d, far outside its range
  writeFileSync(f('test.csv'), [head, odd.join(',')].join('\n') + '\n');
  const r = await runAe(['scan', f('test.csv'), '--model', f('m'), '--threshold', '0', '--explain', '6', '--ndjson']);
  assert.equal(r.code, 0, r.stderr);
  const rec = JSON.parse(r.stdout.trim());
  assert.equal(rec.explain.length, 6);
  assert.equal(rec.explain[0].column, 4, '1-based column number');
  assert.equal(rec.explain[0].name, 'd');
  assert.equal(rec.explain[0].value, 40);
  const total = rec.explain.reduce((s: number, b: { share: number }) => s + b.share, 0);
  assert.ok(Math.abs(total - 1) < 1e-4, `shares sum to ${total}`);
});
