// A detector with a train discord (scan/fit-discord.ts): a shape the windows learned from never
// had is found, the score is the fused one everywhere, the bundle holds the learned windows (and
// refuses a damaged copy), and the watch, its saved model and the ONNX export say what they do.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { Detector, loadBackend } from '../../src/index.js';
import { tempDir, writeTemp } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';

const dir = tempDir();
const PERIOD = 20;

/** A sine from row `from` on; at `at`, one period of a square wave of the same amplitude and level. */
function series(n: number, at: number | null, from = 0): Float32Array {
  return Float32Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const s = Math.sin((2 * Math.PI * i) / PERIOD) + 0.02 * Math.sin(i * 1.7);
    return at !== null && k >= at && k < at + PERIOD ? Math.sign(s) : s;
  });
}

before(async () => {
  await loadBackend('tensorflow', process.env);
});

test('a window of a shape never learned scores highest, from the bundle as from the fitted detector', async () => {
  const options = { window: 40, stride: 1, discord: true, epochs: 3, seed: 2 };
  const fitted = await Detector.fit(series(1000, null), options);
  assert.equal(fitted.meta.version, 7);
  assert.equal(fitted.meta.discord!.length, 40);
  assert.equal(fitted.meta.discord!.windows, 961);
  const test = series(600, 300, 1000); // the rows after those learned
  const scored = await fitted.score(test);
  const top = scored.scores.indexOf(Math.max(...scored.scores));
  assert.ok(top > 300 - 40 && top < 300 + PERIOD, `the highest window starts at ${top}`);
  // The stored thresholds are of the fused score: its training median is near 0, not the MSE's.
  assert.ok(Math.abs(fitted.meta.scores.median) < 1, `median ${fitted.meta.scores.median}`);
  // The same network without the discord (the discord does not change training): what the
  // fused score adds to the autoencoder's robust z-score is the distance's — near 0 on the
  // shapes learned, far out on the square wave.
  const alone = await Detector.fit(series(1000, null), { ...options, discord: false });
  const own = (await alone.score(test)).scores;
  alone.dispose();
  const a = fitted.meta.discord!.score;
  const added = scored.scores.map((f, i) => f - (own[i]! - a.median) / a.mad);
  const normal = Array.from(added.subarray(100, 200)).sort((x, y) => x - y);
  assert.ok(Math.abs(normal[50]!) < 3, `on learned shapes the distance's z-score is ${normal[50]}`);
  assert.ok(added[300]! > 10, `on the square wave it is ${added[300]}`);
  await fitted.save(path.join(dir, 'd1'));
  assert.equal(readFileSync(path.join(dir, 'd1', 'discord.bin')).byteLength, (fitted.meta.discord!.rows * 1 + 961) * 4);
  const loaded = await Detector.load(path.join(dir, 'd1'));
  const again = await loaded.score(test);
  assert.deepEqual(Array.from(again.scores), Array.from(scored.scores));
  fitted.dispose();
  loaded.dispose();
});

test('without the discord the same detector scores by its error alone and stores none', async () => {
  const plain = await Detector.fit(series(1000, null), { window: 40, stride: 1, epochs: 3, seed: 2 });
  assert.equal(plain.meta.discord, undefined);
  assert.ok(plain.meta.version < 7);
  await plain.save(path.join(dir, 'plain'));
  assert.equal(existsSync(path.join(dir, 'plain', 'discord.bin')), false);
  plain.dispose();
});

test('a damaged discord.bin is refused, naming the file; rows have no discord', async () => {
  const fitted = await Detector.fit(series(300, null), { window: 40, stride: 1, discord: true, epochs: 1 });
  const at = path.join(dir, 'd2');
  await fitted.save(at);
  fitted.dispose();
  truncateSync(path.join(at, 'discord.bin'), 100);
  await assert.rejects(Detector.load(at), /discord\.bin has 100 bytes; ae\.json describes \d+/);
  await assert.rejects(
    Detector.fit(series(300, null), { width: 10, discord: true, epochs: 1 }),
    /discord.*rows have no shape to compare/,
  );
});

test('ae watch fuses the discord by default and saves it; a saved watch refuses --no-discord; ONNX says what it leaves out', async () => {
  const values = series(1200, 1000);
  const csv = writeTemp(dir, 'w.csv', 't,value\n' + Array.from(values, (v, i) => `${i},${v}`).join('\n') + '\n');
  const out = path.join(dir, 'watch');
  const run = await runAe(['watch', csv, '--learn', '600', '--window', '40', '--epochs', '2', '--out', out, '--quiet']);
  assert.equal(run.code, 0, run.stderr);
  const meta = JSON.parse(readFileSync(path.join(out, 'ae.json'), 'utf8'));
  assert.equal(meta.version, 7);
  assert.equal(meta.discord.windows, 561);
  const refused = await runAe(['watch', csv, '--model', out, '--no-discord', '--quiet']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--no-discord shapes a new model/);
  const onnx = path.join(dir, 'w.onnx');
  const exported = await runAe(['export', out, '--onnx', onnx, '--json']);
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stderr, /train discord .* cannot be exported/);
  const summary = JSON.parse(exported.stdout);
  assert.equal(JSON.parse(summary.metadata['ae.discord']).inGraph, false);
  const table = writeTemp(dir, 'rows.csv', 'a,b,c\n' + Array.from(values, (v, i) => `${v},${i % 7},${-v}`).join('\n'));
  const rows = await runAe(['scan', table, '--discord', '--epochs', '1', '--quiet']);
  assert.equal(rows.code, 2, rows.stderr);
  assert.match(rows.stderr, /--discord compares windows/);
  const off = await runAe([
    'watch',
    csv,
    '--learn',
    '600',
    '--window',
    '40',
    '--epochs',
    '2',
    '--no-discord',
    '--json',
  ]);
  assert.equal(off.code, 0, off.stderr);
});
