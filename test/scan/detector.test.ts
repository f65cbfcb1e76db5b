// The library's Detector: fit → score → save → load → score, against the CLI on the same data.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { Detector, generateSines, loadBackend, scan, type ScanRecord } from '../../src/index.js';
import { tempDir, writeTemp } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';

const dir = tempDir();
const data = generateSines({ normal: 300, lowNoise: 10, cosines: 10, seed: 3 });
const rows = data.values.length / 100;
let file = '';

before(async () => {
  await loadBackend('tensorflow', process.env);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) lines.push(Array.from(data.values.subarray(r * 100, (r + 1) * 100)).join(','));
  file = writeTemp(dir, 'sines.csv', lines.join('\n') + '\n');
});

const r6 = (v: number) => Number(v.toPrecision(6));

test('fit → score → save → load → score gives identical scores, and no tensor outlives dispose', async () => {
  const tensors = tf.memory().numTensors;
  const fitted = await Detector.fit(data.values, { width: 100, epochs: 3, seed: 1 });
  const first = await fitted.score(data.values);
  assert.equal(first.scores.length, rows);
  assert.equal(first.tails.length, rows);
  assert.equal(first.counts.scored, rows);
  await fitted.save(path.join(dir, 'm1'));
  const loaded = await Detector.load(path.join(dir, 'm1'));
  const again = await loaded.score(data.values);
  assert.deepEqual(Array.from(again.scores), Array.from(first.scores));
  assert.deepEqual(again.tails, first.tails);
  fitted.dispose();
  loaded.dispose();
  assert.equal(tf.memory().numTensors, tensors, 'tensors left after dispose');
  // The caller's values are not scaled in place.
  assert.equal(data.values[0], generateSines({ normal: 300, lowNoise: 10, cosines: 10, seed: 3 }).values[0]);
});

test("the library's and the CLI's fitted bundles are identical for the same seed (one set of defaults)", async () => {
  const cli = await runAe(['train', file, '--out', path.join(dir, 'cli'), '--epochs', '3', '--seed', '4', '--quiet']);
  assert.equal(cli.code, 0, cli.stderr);
  const lib = await Detector.fit(data.values, { width: 100, epochs: 3, seed: 4 });
  await lib.save(path.join(dir, 'lib'));
  lib.dispose();
  const bytes = (d: string) => readFileSync(path.join(dir, d, 'weights.bin'));
  assert.ok(bytes('cli').equals(bytes('lib')), 'weights.bin differs');
  const meta = (d: string) => JSON.parse(readFileSync(path.join(dir, d, 'ae.json'), 'utf8'));
  const [a, b] = [meta('cli'), meta('lib')];
  assert.deepEqual(b.scores, a.scores);
  assert.deepEqual(b.thresholds, a.thresholds);
  assert.deepEqual(b.architecture, a.architecture);
  assert.deepEqual(b.preprocessing, a.preprocessing);
  for (const k of ['epochs', 'batchSize', 'validationSplit', 'validation', 'learningRate', 'seed', 'loss'])
    assert.deepEqual(b.training[k], a.training[k], k);
});

test("scores equal `ae scan --model`'s NDJSON for the same bundle; the library's streaming scan gives its records", async () => {
  const model = path.join(dir, 'cli');
  const cli = await runAe(['scan', file, '--model', model, '--ndjson']);
  assert.equal(cli.code, 0, cli.stderr);
  const expected = cli.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const detector = await Detector.load(model);
  const scored = await detector.score(data.values);
  assert.equal(scored.scores.length, expected.length);
  scored.scores.forEach((s, i) => assert.equal(r6(s), expected[i].score, `row ${i}`));
  scored.tails.forEach((t, i) => assert.equal(t ?? false, expected[i].flagged ? expected[i].tail : false));

  const records: ScanRecord[] = [];
  const result = await scan(file, detector, { onRecords: (batch) => void records.push(...batch) });
  const asCli = records.map((r) => {
    const { tail, ...rest } = r as { tail: string | null };
    return tail ? { ...rest, flagged: true, tail } : { ...rest, flagged: false };
  });
  assert.deepEqual(asCli, expected);
  assert.equal(result.counts.scored, rows);
  assert.equal(result.counts.flagged, expected.filter((e) => e.flagged).length);
  detector.dispose();
});

test('re-thresholding changes the flags but not the scores', async () => {
  const detector = await Detector.load(path.join(dir, 'cli'));
  const stored = await detector.score(data.values);
  const strict = detector.withThresholds({ sigma: 2, tail: 'both' });
  const other = await strict.score(data.values);
  assert.deepEqual(Array.from(other.scores), Array.from(stored.scores));
  assert.equal(strict.thresholds.high!.rule, 'sigma 2');
  assert.ok(strict.thresholds.low, 'a low threshold with tail both');
  assert.notEqual(other.counts.flagged, stored.counts.flagged);
  assert.equal(detector.thresholds.high!.rule, 'percentile 99', 'the original keeps its thresholds');
  const explicit = detector.withThresholds({ threshold: 1e9 });
  assert.equal((await explicit.score(data.values)).counts.flagged, 0);
  // --tail alone re-applies the bundle's own rule to the tails asked for.
  const both = detector.withThresholds({ tail: 'both' });
  assert.equal(both.thresholds.high!.rule, 'percentile 99');
  assert.equal(both.thresholds.low!.rule, 'percentile 1');
  assert.equal(both.thresholds.high!.value, detector.thresholds.high!.value);
  assert.throws(() => explicit.withThresholds({ tail: 'both' }), /the model's thresholds are explicit/);
});

test('a window detector fits one long series and reports intervals of flagged windows', async () => {
  const series = Float32Array.from({ length: 2000 }, (_, i) => Math.sin(i / 8) + (i >= 1500 && i < 1510 ? 4 : 0));
  const d = await Detector.fit(series, { window: 40, stride: 5, epochs: 20, seed: 1, percentile: 99.5 });
  assert.equal(d.meta.input.kind, 'windows');
  const s = await d.score(series, { explain: 2 });
  assert.equal(s.scores.length, Math.floor((2000 - 40) / 5) + 1);
  assert.ok(s.intervals.length >= 1, 'some interval');
  const hit = s.intervals.find((iv) => iv.start <= 1509 && iv.end > 1500);
  assert.ok(hit, `an interval covers the spike: ${JSON.stringify(s.intervals)}`);
  const explained = s.flagged.find((f) => f.explain);
  const top = explained!.explain![0]!;
  assert.equal(top.column, 1, 'the one column');
  assert.ok(top.offset! >= 0 && top.offset! < 40, 'and the row in the window');
  const spike = explained!.start! + top.offset!;
  assert.ok(spike >= 1495 && spike < 1515, `the blamed row ${spike} is near the spike`);
  d.dispose();
});

test('a detector of two window lengths scores a series as its bundle does once saved and loaded', async () => {
  const series = Float32Array.from({ length: 800 }, (_, i) => Math.sin(i / 8) + (i >= 600 && i < 604 ? 4 : 0));
  const d = await Detector.fit(series, { window: [16, 40], stride: 1, epochs: 3, seed: 2 });
  assert.deepEqual(d.meta.input.window?.sizes, [40, 16]);
  assert.equal(d.meta.input.width, 56);
  const s = await d.score(series);
  assert.equal(s.scores.length, 800 - 40 + 1);
  const out = path.join(dir, 'two-lengths');
  await d.save(out);
  const again = await (await Detector.load(out)).score(series);
  assert.deepEqual(Array.from(again.scores), Array.from(s.scores));
  // The spike's windows score above every window before it.
  const before = Math.max(...Array.from(s.scores.subarray(0, 500)));
  assert.ok(s.scores[600 - 40 + 2]! > before, `${s.scores[600 - 40 + 2]} vs ${before}`);
  d.dispose();
});

test("window 'auto': the series' period (2π·8 ≈ 50 rows) and its half, stored with the period", async () => {
  const series = Float32Array.from({ length: 1200 }, (_, i) => Math.sin(i / 8));
  const d = await Detector.fit(series, { window: 'auto', stride: 1, epochs: 2, seed: 3 });
  assert.deepEqual(d.meta.input.window?.sizes, [50, 25]);
  assert.deepEqual(d.meta.input.window?.auto, { period: 50 });
  assert.equal((await d.score(series)).scores.length, 1200 - 50 + 1);
  d.dispose();
});

test('bad values are setting errors that name the setting', async () => {
  await assert.rejects(() => Detector.fit(new Float32Array(10)), /width is needed/);
  await assert.rejects(() => Detector.fit(new Float32Array(10), { width: 3 }), /width 3 does not divide/);
  await assert.rejects(
    () => Detector.fit([[1, 2], [3]], {}),
    (e: Error) => /row 1 has 1 values/.test(e.message),
  );
  await assert.rejects(() => Detector.fit(new Float32Array(20), { width: 2, tail: 'both' }), /tail goes with/);
});
