// `--ensemble` (decisions #81): several autoencoders per window length. What must hold: an
// ensemble's score is the mean of what its members score alone (each member the model one fit
// with its seed would train); `auto` trains three when the part learned from is small and one
// when the budget already cuts the epochs; the bundle says so, and a scan with it reads it back.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { Detector, loadBackend } from '../../src/index.js';
import { memberSeed } from '../../src/model/members.js';
import { tempDir, writeTemp } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';

const series = Array.from({ length: 400 }, (_, i) => Math.sin((2 * Math.PI * i) / 16) + 0.1 * Math.sin(i * 1.3));

before(async () => {
  await loadBackend('tensorflow', process.env);
});

test("an ensemble's score is the mean of its members' scores, each the model of its own seed", async () => {
  const opts = { window: 16, stride: 1, epochs: 5, outputActivation: 'linear' as const, seed: 3 };
  const both = await Detector.fit(series, { ...opts, ensemble: 2 });
  const first = await Detector.fit(series, opts);
  const second = await Detector.fit(series, { ...opts, seed: memberSeed(3, 1) });
  const [e, a, b] = await Promise.all([both, first, second].map(async (d) => (await d.score(series)).scores));
  assert.equal(e!.length, 385);
  for (let i = 0; i < e!.length; i++) {
    const mean = (a![i]! + b![i]!) / 2;
    assert.ok(Math.abs(e![i]! - mean) <= 1e-4 * mean + 1e-6, `window ${i}: ${e![i]} vs mean ${mean}`);
  }
  // The members differ: two seeds, two models.
  assert.ok(a!.some((s, i) => Math.abs(s - b![i]!) > 1e-3));
  assert.equal(both.meta.input.window?.ensemble, 2);
  assert.deepEqual(both.meta.input.window?.sizes, [16, 16]);
  assert.equal(both.meta.version, 6);
  for (const d of [both, first, second]) d.dispose();
});

test('rows have one autoencoder: an ensemble of rows is refused, and so is one of images', async () => {
  await assert.rejects(Detector.fit([1, 2, 3, 4, 5, 6], { width: 2, ensemble: 2 }), /ensemble/);
  const dir = tempDir();
  const rows = writeTemp(dir, 'rows.csv', 'a,b\n1,2\n3,4\n5,6\n');
  const r = await runAe(['train', rows, '--ensemble', '2', '--out', path.join(dir, 'm')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--ensemble is for windows/);
  const mnist = await runAe(['train', 'mnist', '--normal', '1', '--ensemble', '2', '--out', path.join(dir, 'mn')]);
  assert.equal(mnist.code, 2);
  assert.match(mnist.stderr, /--ensemble is for CSV inputs, not ae train mnist/);
});

test('ae train --ensemble auto: three members while the budget holds every epoch of one, else one', async () => {
  const dir = tempDir();
  const file = writeTemp(dir, 's.csv', 'value\n' + series.map((v) => v.toFixed(5)).join('\n') + '\n');
  const train = async (name: string, steps: number) => {
    const out = path.join(dir, name);
    const args = ['train', file, '--window', '16,8', '--stride', '1', '--epochs', '4', '--max-steps', String(steps)];
    const r = await runAe([...args, '--ensemble', 'auto', '--output-activation', 'linear', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    return { meta: JSON.parse(readFileSync(path.join(out, 'ae.json'), 'utf8')), stderr: r.stderr, out };
  };
  // 385 windows, a quarter held out: 10 batches of 32 an epoch, 40 in 4 epochs.
  const small = await train('small', 40);
  assert.deepEqual(small.meta.input.window.sizes, [16, 16, 16, 8, 8, 8]);
  assert.equal(small.meta.input.window.ensemble, 3);
  assert.equal(small.meta.version, 6);
  const seeds = small.meta.training.members.map((m: { seed: number }) => m.seed);
  assert.equal(new Set(seeds).size, 6, 'every member its own seed');
  assert.match(small.stderr, /3 autoencoders per window length/);
  const large = await train('large', 39);
  assert.deepEqual(large.meta.input.window.sizes, [16, 8]);
  assert.equal(large.meta.input.window.ensemble, undefined);
  assert.ok(large.meta.version < 6);
  // A scan with the ensemble reads windows of every member and scores each one.
  const scan = await runAe(['scan', file, '--model', small.out, '--stride', '1', '--json', '--quiet']);
  assert.equal(scan.code, 0, scan.stderr);
  const result = JSON.parse(scan.stdout);
  assert.equal(result.counts.scored, 385);
  assert.deepEqual(result.model.windows, [16, 8]);
  assert.equal(result.model.ensemble, 3);
  // --explain names a value once, however many members read it, with their mean reconstruction.
  const explained = await runAe([
    ...['scan', file, '--model', small.out, '--stride', '1', '--threshold', '0', '--explain', '4', '--ndjson'],
  ]);
  assert.equal(explained.code, 0, explained.stderr);
  const records = explained.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(records.length, 385);
  for (const r of records) {
    const keys = r.explain.map((e: { column: number; offset: number; window: number }) => `${e.offset}@${e.window}`);
    assert.equal(new Set(keys).size, 4, `record ${r.index} names a value twice: ${keys}`);
    const shares = r.explain.reduce((sum: number, e: { share: number }) => sum + e.share, 0);
    assert.ok(shares > 0 && shares <= 1.0001, `shares of record ${r.index}: ${shares}`);
  }
});
