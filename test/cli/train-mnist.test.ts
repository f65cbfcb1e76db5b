import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { loadBundle } from '../../src/model/bundle.js';
import { scoreRows } from '../../src/model/score.js';
import { loadEmbeddedMnist, splitOneClass, PIXELS } from '../../src/data/mnist.js';
import { tempDir } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';

test('ae train mnist: summary, complete run folder, bundle reproduces the scores', async () => {
  const out = path.join(tempDir(), 'ones');
  const r = await runAe([
    'train',
    'mnist',
    '--normal',
    '1',
    '--anomalies',
    '7,9',
    '--epochs',
    '3',
    '--layers',
    '64,16',
    '--out',
    out,
    '--json',
    '--quiet',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.version, 3);
  assert.equal(s.backend, 'tensorflow');
  assert.ok(s.metrics.rocAuc > 0.9, `ROC AUC ${s.metrics.rocAuc}`);
  assert.equal(s.training.epochs, 3);
  for (const k of ['rocAuc', 'prAuc', 'precision', 'recall', 'f1']) assert.equal(typeof s.metrics[k], 'number');
  for (const f of [
    'model.json',
    'weights.bin',
    'ae.json',
    'metrics.json',
    'scores.csv',
    'flagged.json',
    'histogram.vl.json',
    'histogram.svg',
    'histogram.png',
    'reconstructions.png',
  ]) {
    assert.ok(existsSync(path.join(out, f)), f);
  }
  const png = PNG.sync.read(readFileSync(path.join(out, 'reconstructions.png')));
  assert.ok(png.width >= 8 * 2 * 28 * 3);
  // scores.csv test rows == scores from the reloaded bundle
  const bundle = await loadBundle(out);
  const split = splitOneClass(loadEmbeddedMnist(), 1, [7, 9], 0.2, 0);
  const again = scoreRows(bundle.model, split.test.values, PIXELS);
  const rows = readFileSync(path.join(out, 'scores.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .filter((l) => l.includes(',test,'));
  assert.equal(rows.length, split.test.count);
  rows
    .slice(0, 50)
    .forEach((l, i) => assert.ok(Math.abs(Number(l.split(',')[3]) - again[i]!) < 1e-4 * Math.max(1, again[i]!)));
  // Every row's flag is what its printed score gives against the printed threshold.
  const high = JSON.parse(readFileSync(path.join(out, 'ae.json'), 'utf8')).thresholds.high.value;
  for (const l of readFileSync(path.join(out, 'scores.csv'), 'utf8').trim().split('\n').slice(1)) {
    const [, , , mse, flagged] = l.split(',');
    assert.equal(flagged, Number(mse) >= high ? '1' : '0', l);
  }
  const existing = await runAe(['train', 'mnist', '--normal', '1', '--out', out, '--quiet']);
  assert.equal(existing.code, 1);
  assert.match(existing.stderr, /already exists/);
});

test('ae train mnist without --normal is a usage error', async () => {
  const r = await runAe(['train', 'mnist']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--normal/);
});
