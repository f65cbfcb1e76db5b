// The training budget (decisions #67): default widths capped for wide inputs, and epochs cut so
// a fit takes at most `maxSteps` batches — what `ae watch` learns with by default.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { Detector, defaultEncoder, generateSines, loadBackend } from '../../src/index.js';
import { epochsWithin } from '../../src/scan/fit-detector.js';
import { watchPlan } from '../../src/scan/watch.js';
import { tempDir, writeTemp } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';

before(async () => {
  await loadBackend('tensorflow', process.env);
});

test('default widths: L/2, L/4 up to 512 inputs, at most 256 and 128 beyond', () => {
  assert.deepEqual(defaultEncoder(100), [50, 25]);
  assert.deepEqual(defaultEncoder(512), [256, 128]);
  assert.deepEqual(defaultEncoder(64 * 38), [256, 128]);
  assert.deepEqual(defaultEncoder(1), [1, 1]);
});

test('epochs are cut to fit the batches allowed, and never below one', () => {
  const s = { epochs: 100, batchSize: 32, validationSplit: 0.25 };
  assert.equal(epochsWithin(s, 8577), 100, 'no budget: every epoch');
  // 30 days of 5-minute windows: 202 batches an epoch, 19 fit in 4,000.
  assert.equal(epochsWithin({ ...s, maxSteps: 4000 }, 8577), 19);
  // NAB's 750 learning rows: 18 batches an epoch, all 100 epochs fit.
  assert.equal(epochsWithin({ ...s, maxSteps: 4000 }, 750), 100);
  assert.equal(epochsWithin({ ...s, maxSteps: 10 }, 1_000_000), 1);
});

test('a watch learns within the budget unless --epochs is given', () => {
  const keep = { scores: false, flagged: false, plot: false };
  assert.equal(watchPlan({ file: 'x.csv', keep }).fit?.maxSteps, 4000);
  const given = watchPlan({ file: 'x.csv', keep, epochs: 7 }).fit;
  assert.equal(given?.epochs, 7);
  assert.equal(given?.maxSteps, undefined);
});

test('a fit with a budget trains the epochs that fit and records the budget', async () => {
  const data = generateSines({ normal: 200, lowNoise: 0, cosines: 0, seed: 5 });
  // 200 rows, a quarter for validation: 150 → 19 batches of 8; 40 batches allow 2 epochs.
  const d = await Detector.fit(data.values, { width: 100, epochs: 30, batchSize: 8, maxSteps: 40, seed: 1 });
  assert.equal(d.meta.training.epochs, 2);
  assert.equal((d.meta.training as unknown as Record<string, unknown>).maxSteps, 40);
  d.dispose();
});

test('ae train --max-steps cuts the epochs and records the budget; ae train mnist refuses it', async () => {
  const dir = tempDir();
  const lines = Array.from({ length: 120 }, (_, i) => `${Math.sin(i / 5)},${Math.cos(i / 7)},${(i % 9) / 9}`);
  const file = writeTemp(dir, 'rows.csv', 'a,b,c\n' + lines.join('\n') + '\n');
  const out = path.join(dir, 'm');
  // 120 rows, a quarter held out: 90 → 3 batches of 32; 7 batches allow 2 epochs.
  const r = await runAe(['train', file, '--out', out, '--epochs', '50', '--max-steps', '7', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const meta = JSON.parse(readFileSync(path.join(out, 'ae.json'), 'utf8'));
  assert.equal(meta.training.epochs, 2);
  assert.equal(meta.training.maxSteps, 7);
  const mnist = await runAe(['train', 'mnist', '--normal', '1', '--max-steps', '5', '--out', path.join(dir, 'n')]);
  assert.equal(mnist.code, 2);
  assert.match(mnist.stderr, /--max-steps is for CSV inputs/);
});
