// ae export → onnxruntime gives ae scan's scores (≤ 1e-5 relative; ae's NDJSON scores are
// rounded to 6 significant digits, which alone is ≤ 5e-6), for rows with both output
// activations, windows, and the MNIST model, on ≥ 10,000 samples each.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadEmbeddedMnist, PIXELS } from '../../src/data/mnist.js';
import { createRng } from '../../src/data/rng.js';
import { tempDir } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';
import { COMPARE_PY, python } from './helpers.js';

const dir = tempDir();
const f = (name: string) => path.join(dir, name);

async function ok(argv: string[]) {
  const r = await runAe(argv);
  assert.equal(r.code, 0, `ae ${argv.join(' ')}: ${r.stderr}`);
  return r;
}

async function exportAndCompare(model: string, data: string, header: boolean) {
  await ok(['export', model, '--onnx', `${model}.onnx`]);
  const scan = await ok(['scan', data, '--model', model, '--ndjson']);
  writeFileSync(`${model}.ndjson`, scan.stdout);
  return python<{ rows: number; onnxRows: number; maxRel: number }>(COMPARE_PY, [
    `${model}.onnx`,
    data,
    `${model}.ndjson`,
    header ? '1' : '0',
  ]);
}

test('series rows, sigmoid and linear output: onnxruntime equals ae scan', async (t) => {
  await ok(['generate', 'sines', '--seed', '1', '--out', f('series.csv')]);
  for (const act of ['sigmoid', 'linear']) {
    await ok([
      'train',
      f('series.csv'),
      '--out',
      f(`m-${act}`),
      '--epochs',
      '3',
      '--output-activation',
      act,
      '--quiet',
    ]);
    const r = await exportAndCompare(f(`m-${act}`), f('series.csv'), false);
    assert.equal(r.rows, 10200);
    assert.equal(r.onnxRows, 10200);
    assert.ok(r.maxRel <= 1e-5, `${act}: max relative difference ${r.maxRel}`);
    t.diagnostic(`${act}: ${r.rows} rows, max relative difference ${r.maxRel.toExponential(2)}`);
  }
});

test('an MAE-scored bundle: onnxruntime equals ae scan', async (t) => {
  await ok(['train', f('series.csv'), '--out', f('m-mae'), '--epochs', '3', '--score', 'mae', '--quiet']);
  const r = await exportAndCompare(f('m-mae'), f('series.csv'), false);
  assert.equal(r.rows, 10200);
  assert.ok(r.maxRel <= 1e-5, `mae: max relative difference ${r.maxRel}`);
  t.diagnostic(`mae: ${r.rows} rows, max relative difference ${r.maxRel.toExponential(2)}`);
});

/** A window model of `window` rows (one length or several) on long.csv, exported and compared. */
async function windowsAgree(t: { diagnostic(m: string): void }, window: string, model: string) {
  await ok([
    'train',
    f('long.csv'),
    '--column',
    'value',
    '--window',
    window,
    '--stride',
    '5',
    '--out',
    f(model),
    '--epochs',
    '2',
    '--quiet',
  ]);
  const res = await exportAndCompare(f(model), f('long.csv'), true);
  assert.ok(res.rows >= 10_000, `${res.rows} windows`);
  assert.equal(res.onnxRows, res.rows);
  assert.ok(res.maxRel <= 1e-5, `max relative difference ${res.maxRel}`);
  t.diagnostic(`--window ${window}: ${res.rows} windows, max relative difference ${res.maxRel.toExponential(2)}`);
}

test('windows of a long column, of one length and of two (--window 50,20): onnxruntime equals ae scan', async (t) => {
  const r = createRng(9);
  const lines = ['value', ...Array.from({ length: 55_000 }, (_, i) => (Math.sin(i / 20) * 10 + r()).toFixed(4))];
  writeFileSync(f('long.csv'), lines.join('\n') + '\n');
  await windowsAgree(t, '50', 'm-win');
  await windowsAgree(t, '50,20', 'm-two');
});

test('a bundle that clips scored values (--clip 0.5, most values cut): onnxruntime equals ae scan', async (t) => {
  await ok(['train', f('series.csv'), '--out', f('m-clip'), '--epochs', '3', '--clip', '0.5', '--quiet']);
  const r = await exportAndCompare(f('m-clip'), f('series.csv'), false);
  assert.equal(r.rows, 10200);
  assert.ok(r.maxRel <= 1e-5, `max relative difference ${r.maxRel}`);
  t.diagnostic(`--clip 0.5: ${r.rows} rows, max relative difference ${r.maxRel.toExponential(2)}`);
});

test('windows of three metrics (12 rows × cpu, mem, latency): onnxruntime equals ae scan', async (t) => {
  await ok(['generate', 'metrics', '--days', '40', '--out', f('metrics.csv')]);
  await ok([
    'train',
    f('metrics.csv'),
    '--columns',
    'cpu,mem,latency',
    '--window',
    '12',
    '--stride',
    '1',
    '--out',
    f('m-metrics'),
    '--epochs',
    '2',
    '--quiet',
  ]);
  const res = await exportAndCompare(f('m-metrics'), f('metrics.csv'), true);
  assert.equal(res.rows, 40 * 288 - 11);
  assert.equal(res.onnxRows, res.rows);
  assert.ok(res.maxRel <= 1e-5, `max relative difference ${res.maxRel}`);
  t.diagnostic(`3-metric windows: ${res.rows} windows, max relative difference ${res.maxRel.toExponential(2)}`);
});

test('the relative scores (rows; windows of 3 metrics and 2 lengths): onnxruntime equals ae scan', async (t) => {
  await ok(['train', f('series.csv'), '--out', f('m-rel'), '--epochs', '3', '--score', 'relative', '--quiet']);
  const rows = await exportAndCompare(f('m-rel'), f('series.csv'), false);
  assert.equal(rows.rows, 10200);
  assert.ok(rows.maxRel <= 1e-5, `rows: max relative difference ${rows.maxRel}`);
  const found = [`rows ${rows.maxRel.toExponential(2)}`];
  for (const score of ['relative', 'relative-mae']) {
    const argv = ['--columns', 'cpu,mem,latency', '--window', '12,6', '--stride', '1', '--score', score];
    await ok(['train', f('metrics.csv'), ...argv, '--out', f(`m-${score}-win`), '--epochs', '2', '--quiet']);
    const windows = await exportAndCompare(f(`m-${score}-win`), f('metrics.csv'), true);
    assert.equal(windows.rows, 40 * 288 - 11);
    assert.ok(windows.maxRel <= 1e-5, `${score} windows: max relative difference ${windows.maxRel}`);
    found.push(`${score} windows ${windows.maxRel.toExponential(2)}`);
  }
  t.diagnostic(found.join(', '));
});

test('windows without their level (--center longest and all; 3 metrics, 2 lengths): onnxruntime equals ae scan', async (t) => {
  const found: string[] = [];
  for (const center of ['longest', 'all']) {
    const argv = ['--columns', 'cpu,mem,latency', '--window', '12,6', '--stride', '1', '--score', 'relative'];
    const model = f(`m-centre-${center}`);
    await ok(['train', f('metrics.csv'), ...argv, '--center', center, '--out', model, '--epochs', '2', '--quiet']);
    const r = await exportAndCompare(model, f('metrics.csv'), true);
    assert.equal(r.rows, 40 * 288 - 11);
    assert.ok(r.maxRel <= 1e-5, `${center}: max relative difference ${r.maxRel}`);
    found.push(`${center} ${r.maxRel.toExponential(2)}`);
  }
  t.diagnostic(`centred: ${found.join(', ')}`);
});

test('an ensemble (--ensemble 2: two members per length, the longest centred): onnxruntime equals ae scan', async (t) => {
  const argv = ['--columns', 'cpu,mem,latency', '--window', '12,6', '--stride', '1', '--score', 'relative'];
  const model = f('m-ensemble');
  await ok([
    'train',
    f('metrics.csv'),
    ...argv,
    '--center',
    'longest',
    '--ensemble',
    '2',
    '--out',
    model,
    '--epochs',
    '2',
  ]);
  const r = await exportAndCompare(model, f('metrics.csv'), true);
  assert.equal(r.rows, 40 * 288 - 11);
  assert.ok(r.maxRel <= 1e-5, `ensemble: max relative difference ${r.maxRel}`);
  t.diagnostic(`ensemble of 2: max relative difference ${r.maxRel.toExponential(2)}`);
});

test('the MNIST model (784 pixels, no scaler): onnxruntime equals ae scan on 10,000 images', async (t) => {
  await ok(['train', 'mnist', '--normal', '1', '--epochs', '2', '--out', f('m-mnist'), '--quiet']);
  const digits = loadEmbeddedMnist();
  const rows: string[] = [];
  for (let i = 0; i < digits.count; i++) {
    rows.push(Array.from(digits.values.subarray(i * PIXELS, (i + 1) * PIXELS), (v) => +v.toFixed(6)).join(','));
  }
  writeFileSync(f('mnist.csv'), rows.join('\n') + '\n');
  const res = await exportAndCompare(f('m-mnist'), f('mnist.csv'), false);
  assert.equal(res.rows, 10_000);
  assert.ok(res.maxRel <= 1e-5, `max relative difference ${res.maxRel}`);
  t.diagnostic(`mnist: ${res.rows} images, max relative difference ${res.maxRel.toExponential(2)}`);
});
