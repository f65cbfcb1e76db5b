// Long files: windows trained as views (the same scores as copied windows), a sample of them
// with --max-windows, and the estimate a long fit prints.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createNormal, createRng } from '../../src/data/rng.js';
import { estimateLine } from '../../src/cli/commands/fitting.js';
import { tempDir } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';

const dir = tempDir();
const f = (name: string) => path.join(dir, name);

function writeSeries(file: string, rows: number): void {
  const g = createNormal(createRng(4));
  const lines = ['cpu,mem'];
  for (let i = 0; i < rows; i++)
    lines.push(`${(50 + 10 * Math.sin(i / 9) + g()).toFixed(3)},${(200 + g()).toFixed(3)}`);
  writeFileSync(file, lines.join('\n') + '\n');
}

test('--max-windows trains on a seeded sample of the windows, says so, and still scores every window', async () => {
  writeSeries(f('s.csv'), 400);
  const args = ['train', f('s.csv'), '--window', '16', '--stride', '1', '--epochs', '2', '--max-windows', '100'];
  const a = await runAe([...args, '--out', f('a')]);
  assert.equal(a.code, 0, a.stderr);
  assert.match(a.stderr, /training on 100 of 385 samples, drawn at random \(--max-windows\)/);
  assert.match(a.stderr, /trained on 100 samples/);
  const meta = JSON.parse(readFileSync(f('a/ae.json'), 'utf8'));
  assert.equal(meta.training.samples, 100);
  assert.equal(meta.training.maxWindows, 100);
  const scores = readFileSync(f('a/scores.csv'), 'utf8').trim().split('\n');
  assert.equal(scores.length - 1, 385, 'every window scored');
  // Seeded: the same sample, the same model, the same scores.
  const b = await runAe([...args, '--out', f('b')]);
  assert.equal(b.code, 0, b.stderr);
  assert.equal(readFileSync(f('b/scores.csv'), 'utf8'), readFileSync(f('a/scores.csv'), 'utf8'));
  // With a model, training settings are refused.
  const c = await runAe(['scan', f('s.csv'), '--model', f('a'), '--max-windows', '10']);
  assert.equal(c.code, 2);
});

test('a long fit says how long it will take; a short one says nothing', () => {
  assert.equal(estimateLine({ secondsPerEpoch: 0.5, epochs: 100, batches: 300 }, 2 ** 30), null);
  const line = estimateLine({ secondsPerEpoch: 18, epochs: 100, batches: 300 }, 0.6 * 2 ** 30)!;
  assert.match(line, /about 18 s an epoch, 30 min for 100 \(timed on the first 300 batches\); 0\.60 GB resident/);
  assert.match(line, /Shorter: --max-steps N, --max-windows N, --epochs N or --early-stopping N;/);
  // A watch names only the flag it has.
  const watch = estimateLine({ secondsPerEpoch: 18, epochs: 100, batches: 300 }, 2 ** 30, ['--epochs N'])!;
  assert.match(watch, /Shorter: --epochs N;/);
  assert.match(estimateLine({ secondsPerEpoch: 200, epochs: 100, batches: 300 }, 2 ** 30)!, /5\.6 h for 100/);
});
