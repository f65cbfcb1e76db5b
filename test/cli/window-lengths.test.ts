// Several window lengths in one model (`--window 24,8`): trained, saved, scanned again, explained.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createNormal, createRng } from '../../src/data/rng.js';
import { tempDir } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';

const dir = tempDir();
const f = (name: string) => path.join(dir, name);

test('--window 24,8: one bundle of two autoencoders; a scan with it gives the training scores', async () => {
  const g = createNormal(createRng(8));
  const lines = ['t,value'];
  for (let i = 0; i < 600; i++)
    lines.push(`${i},${(Math.sin(i / 6) + 0.05 * g() + (i >= 500 && i < 504 ? 3 : 0)).toFixed(4)}`);
  writeFileSync(f('s.csv'), lines.join('\n') + '\n');
  const t = await runAe([
    'train',
    f('s.csv'),
    '--column',
    'value',
    '--window',
    '8,24',
    '--stride',
    '1',
    '--epochs',
    '3',
    '--out',
    f('m'),
  ]);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stderr, /training 32-16-8-16-32 \(2 autoencoders side by side, inputs 24 and 8\)/);
  const meta = JSON.parse(readFileSync(f('m/ae.json'), 'utf8'));
  assert.deepEqual(meta.input.window, { column: 'value', size: 24, stride: 1, sizes: [24, 8] });
  assert.equal(meta.input.width, 32);
  assert.deepEqual(meta.architecture.parts, [24, 8]);
  assert.equal(meta.training.members.length, 2);
  const trained = readFileSync(f('m/scores.csv'), 'utf8').trim().split('\n').slice(1);
  const s = await runAe(['scan', f('s.csv'), '--model', f('m'), '--ndjson', '--explain', '32', '--threshold', '0']);
  assert.equal(s.code, 0, s.stderr);
  const recs = s.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(recs.length, 600 - 24 + 1);
  for (const i of [0, 100, 476]) assert.equal(recs[i].score, Number(trained[i]!.split(',')[1]), `window ${i}`);
  // Every input named: 24 offsets of the long window, the short one's 8 at offsets 16..23.
  const explained = recs[490].explain as { offset: number; window: number }[];
  assert.deepEqual(
    explained
      .filter((e) => e.window === 8)
      .map((e) => e.offset)
      .sort((a, b) => a - b),
    [16, 17, 18, 19, 20, 21, 22, 23],
  );
  assert.equal(explained.filter((e) => e.window === 24).length, 24);
  const other = await runAe(['scan', f('s.csv'), '--model', f('m'), '--window', '24']);
  assert.equal(other.code, 2);
  assert.match(other.stderr, /the model reads windows of 24,8 rows; --window 24 differs/);
  const layers = await runAe([
    'train',
    f('s.csv'),
    '--column',
    'value',
    '--window',
    '24,8',
    '--layers',
    '8,4',
    '--out',
    f('m2'),
  ]);
  assert.equal(layers.code, 2);
  assert.match(layers.stderr, /--layers is not for several window lengths/);
});

/** A cycle of `period` rows with noise, `rows` long, and a bump of 3 at `bumpAt` (4 rows). */
function cycleFile(name: string, period: number, rows: number, bumpAt: number): string {
  const g = createNormal(createRng(period));
  const lines = ['t,value'];
  for (let i = 0; i < rows; i++) {
    const bump = i >= bumpAt && i < bumpAt + 4 ? 3 : 0;
    lines.push(`${i},${(Math.sin((2 * Math.PI * i) / period) + 0.05 * g() + bump).toFixed(4)}`);
  }
  writeFileSync(f(name), lines.join('\n') + '\n');
  return f(name);
}

test('--window auto: the period of the rows learned from and its half, stored in the bundle and shown', async () => {
  // The learning part (the first 15 %, 450 rows) cycles every 40 rows.
  const file = cycleFile('cycle40.csv', 40, 3000, 2500);
  // One autoencoder per length: the lengths stored are the ones chosen, each once (#81).
  const w = await runAe(['watch', file, '--epochs', '5', '--ensemble', '1', '--json', '--out', f('auto')]);
  assert.equal(w.code, 0, w.stderr);
  assert.match(w.stderr, /--window auto: windows of 40 and 20 rows \(the period of the rows learned from is 40\)/);
  const doc = JSON.parse(w.stdout);
  assert.deepEqual(doc.model.windows, [40, 20]);
  const meta = JSON.parse(readFileSync(f('auto/ae.json'), 'utf8'));
  assert.deepEqual(meta.input.window.sizes, [40, 20]);
  assert.deepEqual(meta.input.window.auto, { period: 40 });
  assert.ok(
    doc.incidents.some((i: { start: number }) => i.start >= 2500 && i.start <= 2510),
    'the bump',
  );
  // ae scan and ae train take it too; with a model it is the model's.
  const s = await runAe([
    'scan',
    cycleFile('cycle25.csv', 25, 1000, 900),
    '--column',
    'value',
    '--window',
    'auto',
    '--stride',
    '1',
    '--epochs',
    '2',
    '--json',
    '--quiet',
  ]);
  assert.equal(s.code, 0, s.stderr);
  assert.deepEqual(JSON.parse(s.stdout).model.windows, [25, 12]);
  const refused = await runAe(['watch', file, '--model', f('auto'), '--window', 'auto']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--window shapes a new model/);
});
