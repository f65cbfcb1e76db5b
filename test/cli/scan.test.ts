// The series flow through the CLI, in-process, on small generated data.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { tempDir } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';

const dir = tempDir();
const series = path.join(dir, 'series.csv');
const labels = path.join(dir, 'labels.csv');
const kinds = () =>
  readFileSync(labels, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[1]);
const fast = ['--epochs', '8', '--quiet'];

const a = path.join(dir, 'a.csv');
const b = path.join(dir, 'b.csv');
const model = path.join(dir, 'm');
let trainSummary: { training: { epochs: number; secondsPerEpoch: number } };

// The data set and a model trained on its first 400 rows (with a header), made once here so
// that every test below can run on its own (node --test --test-name-pattern …).
before(async () => {
  const g = await runAe([
    'generate',
    'sines',
    '--normal',
    '600',
    '--low-noise',
    '20',
    '--cosines',
    '20',
    '--seed',
    '1',
    '--out',
    series,
    '--labels',
    labels,
  ]);
  assert.equal(g.code, 0, g.stderr);
  assert.equal(g.stdout, '');
  const lines = readFileSync(series, 'utf8').trim().split('\n');
  const header = Array.from({ length: 100 }, (_, i) => `t${i}`).join(',');
  writeFileSync(a, header + '\n' + lines.slice(0, 400).join('\n') + '\n');
  writeFileSync(b, lines.slice(400).join('\n') + '\n');
  const t = await runAe(['train', a, '--out', model, '--json', ...fast]);
  assert.equal(t.code, 0, t.stderr);
  trainSummary = JSON.parse(t.stdout);
});

test('generate writes the data set and its labels; refuses to overwrite', async () => {
  assert.equal(readFileSync(series, 'utf8').trim().split('\n').length, 640);
  assert.equal(kinds().filter((k) => k === 'cosine').length, 20);
  const again = await runAe(['generate', 'sines', '--out', series]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already exists \(pass --force/);
});

test('scan without a model flags exactly the cosines as high; JSON on stdout only', async () => {
  const out = path.join(dir, 'scan-run');
  const r = await runAe(['scan', series, '--threshold', '5', '--json', '--out', out, ...fast]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.version, 3);
  assert.equal(doc.model.backend, 'tensorflow');
  const k = kinds();
  const high = doc.flagged.filter((f: { tail: string }) => f.tail === 'high').map((f: { index: number }) => f.index);
  assert.deepEqual(
    high,
    k.flatMap((kind, i) => (kind === 'cosine' ? [i] : [])),
  );
  assert.equal(doc.counts.scored, 640);
  for (const f of [
    'ae.json',
    'model.json',
    'weights.bin',
    'scores.csv',
    'flagged.json',
    'histogram.vl.json',
    'histogram.svg',
    'histogram.png',
    'series.png',
  ]) {
    assert.ok(existsSync(path.join(out, f)), f);
  }
  assert.ok(!readdirSync(dir).some((f) => f.startsWith('.ae-tmp')), 'no temporary folders left');
  const exists = await runAe(['scan', series, '--out', out, ...fast]);
  assert.equal(exists.code, 1);
  assert.match(exists.stderr, /already exists/);
});

test('train with a header, scan with and without one via --model, NDJSON', async () => {
  assert.equal(trainSummary.training.epochs, 8);
  assert.ok(trainSummary.training.secondsPerEpoch > 0);
  for (const file of [b, a]) {
    const s = await runAe(['scan', file, '--model', model, '--ndjson', '--threshold', '5']);
    assert.equal(s.code, 0, s.stderr);
    const rows = s.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(rows.length, file === b ? 240 : 400);
    assert.deepEqual(Object.keys(rows[0]).sort(), ['flagged', 'index', 'likelihood', 'score']);
    assert.equal(rows[5].index, 5);
  }
  const exit3 = await runAe(['scan', b, '--model', model, '--threshold', '5', '--fail-on-anomaly', '--json']);
  assert.equal(exit3.code, 3);
  assert.ok(JSON.parse(exit3.stdout).counts.flagged > 0);
  const wrongWidth = path.join(dir, 'narrow.csv');
  writeFileSync(wrongWidth, '1,2,3\n4,5,6\n');
  const w = await runAe(['scan', wrongWidth, '--model', model]);
  assert.equal(w.code, 1);
  assert.match(w.stderr, /narrow\.csv: has 3 columns, no header; the model was trained on 100 columns/);
});

test('a long single column with --window/--stride flags an injected odd window', async () => {
  const n = 6000;
  const vals = Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * i) / 50) + 0.05 * Math.sin(i * 1.7));
  for (let i = 3000; i < 3050; i++) vals[i] = 3 * Math.cos((2 * Math.PI * i) / 7); // odd burst
  const long = path.join(dir, 'long.csv');
  writeFileSync(long, 'time,value\n' + vals.map((v, i) => `${i},${v.toFixed(5)}`).join('\n') + '\n');
  const out = path.join(dir, 'long-run');
  const r = await runAe([
    'scan',
    long,
    '--column',
    'value',
    '--window',
    '50',
    '--stride',
    '25',
    '--sigma',
    '6',
    '--json',
    '--out',
    out,
    ...fast,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  const high = doc.flagged.filter((f: { tail: string }) => f.tail === 'high');
  assert.ok(high.length >= 1 && high.length <= 4, `flagged ${high.length}`);
  for (const f of high) assert.ok(f.start < 3050 && f.end > 3000, `window ${f.start}-${f.end} misses the burst`);
  const spec = JSON.parse(readFileSync(path.join(out, 'series.vl.json'), 'utf8'));
  assert.deepEqual(
    spec.layer[0].data.values.map((b: { start: number; end: number }) => [b.start, b.end]),
    doc.intervals.map((iv: { start: number; end: number }) => [iv.start, iv.end]), // one band per merged incident
  );
  assert.ok(
    spec.layer[1].data.values.length >= 2900,
    'the long series is drawn as one line (thinned to ≤ 4000 points)',
  );
  // Scanning with the saved model streams the file, and still draws the same series and bands.
  const again = path.join(dir, 'long-run-model');
  const m = await runAe(['scan', long, '--model', out, '--json', '--out', again, '--quiet']);
  assert.equal(m.code, 0, m.stderr);
  const streamed = JSON.parse(readFileSync(path.join(again, 'series.vl.json'), 'utf8'));
  assert.deepEqual(streamed.layer[1].data.values, spec.layer[1].data.values);
  assert.deepEqual(streamed.layer[0].data.values, spec.layer[0].data.values);
});

test('stdin: `cat b.csv | ae scan - --model m --ndjson` (built CLI)', () => {
  const input = readFileSync(b, 'utf8');
  const r = spawnSync(process.execPath, ['bin/ae.js', 'scan', '-', '--model', model, '--ndjson'], {
    input,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 240);
  assert.equal(JSON.parse(lines[239]!).index, 239);
});

test('option errors are usage errors', async () => {
  for (const argv of [
    ['scan', series, '--threshold', 'abc'],
    ['scan', series, '--contamination', '0.7'],
    ['scan', series, '--epochs', '-1'],
    ['scan', series, '--stride', '5'],
    ['scan', series, '--sigma', '2', '--percentile', '90'],
  ]) {
    const r = await runAe(argv);
    assert.equal(r.code, 2, argv.join(' ') + ': ' + r.stderr);
    assert.match(r.stderr, /error/);
  }
});

test('repeated scans through the CLI leave no tensors behind', async () => {
  const tf = await import('@tensorflow/tfjs');
  await runAe(['scan', b, '--model', model, '--json']); // warm-up: backend kernels, caches
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    const r = await runAe(['scan', b, '--model', model, '--json']);
    assert.equal(r.code, 0, r.stderr);
  }
  assert.equal(tf.memory().numTensors, before);
});

test('--percentile 100 flags nothing on the training rows: the threshold is their largest score', async () => {
  const meta = JSON.parse(readFileSync(path.join(model, 'ae.json'), 'utf8'));
  const s = await runAe(['scan', a, '--model', model, '--percentile', '100', '--json']);
  assert.equal(s.code, 0, s.stderr);
  const doc = JSON.parse(s.stdout);
  assert.equal(doc.thresholds.high.rule, 'percentile 100');
  assert.equal(doc.thresholds.high.value, Number(meta.scores.max.toPrecision(6)));
  assert.ok(doc.counts.flagged <= 1, 'only the maximum itself can reach it');
});

test('a large scan after training in the same process scores on the backend already loaded', async () => {
  // In-process (a library caller, the Python tests): tensorflow is loaded by the training in
  // before(); a scan big enough for the heavy scorer must use it, not ask tfjs to switch to wasm.
  const { chooseScorer } = await import('../../src/scan/scorer-choice.js');
  const { readBundleFiles } = await import('../../src/model/bundle-files.js');
  const files = await readBundleFiles(model);
  const input = { name: b, size: null };
  const scorer = await chooseScorer(files, input, {}, 0); // budget 0: heavy at once
  const heavy = await scorer.next(3);
  assert.equal(heavy.name, 'tensorflow');
  const rows = Float32Array.from({ length: 3 * 100 }, (_, i) => Math.sin(i / 7));
  const [x, y] = [heavy.score(rows), scorer.plain.score(rows)];
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(x[i]! - y[i]!) <= 1e-5 * Math.max(1, y[i]!), `row ${i}`);
  scorer.dispose();
});

test('--scale robust is stored in the bundle and applied when scanning with it', async () => {
  const out = path.join(dir, 'robust');
  const t = await runAe(['train', a, '--scale', 'robust', '--out', out, '--json', ...fast]);
  assert.equal(t.code, 0, t.stderr);
  const meta = JSON.parse(readFileSync(path.join(out, 'ae.json'), 'utf8'));
  assert.equal(meta.preprocessing.scaler.kind, 'robust');
  // The training rows scanned with the bundle score as the bundle's own record of them.
  const s = await runAe(['scan', a, '--model', out, '--ndjson', '--quiet']);
  assert.equal(s.code, 0, s.stderr);
  const scores = s.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l).score as number);
  const own = readFileSync(path.join(out, 'scores.csv'), 'utf8').trim().split('\n').slice(1);
  own.forEach((line, i) => {
    const expected = Number(line.split(',')[1]);
    assert.ok(Math.abs(scores[i]! - expected) <= 1e-4 * Math.max(1, expected), `row ${i}: ${scores[i]} vs ${expected}`);
  });
});
