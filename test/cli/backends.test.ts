// The wasm backend: same scores and flags as native for a model trained natively, chosen by
// --backend or AE_BACKEND, and no tensors left behind. This file's process runs on wasm; the
// native side runs in the built CLI (a process holds one backend).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';

const dir = tempDir();
const series = path.join(dir, 'series.csv');
const model = path.join(dir, 'm');

function built(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['bin/ae.js', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Row {
  index: number;
  score: number;
  flagged: boolean;
  tail?: 'high' | 'low';
}
const ndjson = (text: string): Row[] =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Row);

test('setup: a model trained on the native backend', () => {
  const g = built([
    'generate',
    'sines',
    '--noisy',
    '600',
    '--low-noise',
    '20',
    '--cosines',
    '20',
    '--seed',
    '4',
    '--out',
    series,
  ]);
  assert.equal(g.code, 0, g.stderr);
  const t = built(['train', series, '--epochs', '8', '--out', model, '--quiet']);
  assert.equal(t.code, 0, t.stderr);
});

test('scan --model on wasm gives the native scores and the same flags', async () => {
  const native = built(['scan', series, '--model', model, '--ndjson', '--threshold', '5', '--below', '0.2']);
  assert.equal(native.code, 0, native.stderr);
  const r = await runAe(['scan', series, '--model', model, '--ndjson', '--threshold', '5', '--below', '0.2'], {
    env: { AE_BACKEND: 'wasm' },
  });
  assert.equal(r.code, 0, r.stderr);
  const a = ndjson(native.stdout);
  const b = ndjson(r.stdout);
  assert.equal(b.length, 640);
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i]!.score - b[i]!.score) / Math.max(a[i]!.score, 1e-6));
    assert.equal(b[i]!.tail, a[i]!.tail, `row ${i}`);
  }
  assert.ok(worst < 1e-4, `relative score difference ${worst}`);
  assert.ok(b.filter((x) => x.tail === 'high').length >= 20, 'the cosines are flagged');
  const doc = JSON.parse(
    (await runAe(['scan', series, '--model', model, '--json'], { env: { AE_BACKEND: 'wasm' } })).stdout,
  );
  assert.equal(doc.model.backend, 'wasm');
});

test('repeated wasm scans leave no tensors and no backend memory behind', async () => {
  const tf = await import('@tensorflow/tfjs');
  const env = { AE_BACKEND: 'wasm' };
  await runAe(['scan', series, '--model', model, '--json'], { env }); // warm-up
  const before = tf.memory();
  for (let i = 0; i < 3; i++) {
    const r = await runAe(['scan', series, '--model', model, '--json'], { env });
    assert.equal(r.code, 0, r.stderr);
  }
  const after = tf.memory();
  assert.equal(after.numTensors, before.numTensors);
  assert.equal(after.numBytes, before.numBytes);
});

test('--backend wins over AE_BACKEND; a bad AE_BACKEND is a usage error', () => {
  const cpu = built(['--backend', 'cpu', 'info', '--json'], { AE_BACKEND: 'wasm' });
  assert.equal(cpu.code, 0, cpu.stderr);
  assert.equal(JSON.parse(cpu.stdout).backend, 'cpu');
  const wasm = built(['info', '--json'], { AE_BACKEND: 'wasm' });
  assert.equal(wasm.code, 0, wasm.stderr);
  const info = JSON.parse(wasm.stdout);
  assert.equal(info.backend, 'wasm');
  assert.equal(typeof info.wasmSimd, 'boolean');
  assert.equal(wasm.stderr, '', 'no banner on stderr');
  const bad = built(['info'], { AE_BACKEND: 'gpu' });
  assert.equal(bad.code, 2);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /AE_BACKEND must be one of 'tensorflow', 'wasm', 'cpu', not 'gpu'/);
});
