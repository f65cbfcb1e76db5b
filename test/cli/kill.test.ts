// Killing ae mid-run: SIGKILL leaves no run folder (or a complete one), never half of one;
// SIGINT (Ctrl-C) stops after the epoch, exits 130 and keeps a complete, loadable bundle
// marked as interrupted.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadBundle } from '../../src/model/bundle.js';
import { tempDir } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';

const dir = tempDir();
const data = path.join(dir, 'data.csv');
writeFileSync(
  data,
  Array.from({ length: 400 }, (_, r) =>
    Array.from({ length: 20 }, (_, c) => Math.sin(r * 0.1 + c).toFixed(4)).join(','),
  ).join('\n') + '\n',
);

/** Starts `ae train` and resolves once it has reported `epochs` finished epochs on stderr. */
function startTraining(out: string, epochs: number) {
  const child = spawn(process.execPath, ['bin/ae.js', 'train', data, '--out', out, '--epochs', '100000'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const reached = new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (d) => {
      stderr += d;
      if ((stderr.match(/^epoch \d+\//gm) ?? []).length >= epochs) resolve();
    });
    child.on('exit', () => reject(new Error(`ae exited early: ${stderr}`)));
  });
  const exited = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, reached, exited };
}

test('SIGKILL during training leaves no run folder; the next run clears the leftovers', async () => {
  const out = path.join(dir, 'killed');
  const run = startTraining(out, 2);
  await run.reached;
  run.child.kill('SIGKILL');
  const { signal } = await run.exited;
  assert.equal(signal, 'SIGKILL');
  assert.ok(!existsSync(out), 'no half-written run folder under the requested name');
  const again = await runAe(['train', data, '--out', path.join(dir, 'next'), '--epochs', '1', '--quiet']);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(
    readdirSync(dir).filter((n) => n.startsWith('.ae-tmp')),
    [],
    'stale temporary folder removed',
  );
});

test('SIGINT stops after the epoch, exits 130 and saves a complete bundle marked interrupted', async () => {
  const out = path.join(dir, 'interrupted');
  const run = startTraining(out, 3);
  await run.reached;
  run.child.kill('SIGINT');
  const { code, stderr } = await run.exited;
  assert.equal(code, 130, stderr);
  assert.match(
    stderr,
    /^ae: stopped: after epoch \d+; the model so far is saved in .*interrupted \(marked interrupted\)$/m,
  );
  assert.doesNotMatch(stderr, /error/);
  const meta = JSON.parse(readFileSync(path.join(out, 'ae.json'), 'utf8'));
  assert.equal(meta.training.interrupted, true);
  assert.ok(meta.training.epochs >= 3 && meta.training.epochs < 100000);
  const bundle = await loadBundle(out);
  assert.equal(bundle.meta.input.width, 20);
  bundle.model.dispose();
});

test('SIGINT during a model scan of a large file: what was read is scored, one complete document, a stop line, exit 130', async () => {
  const small = path.join(dir, 'sines.csv');
  const g = await runAe(['generate', 'sines', '--seed', '4', '--out', small]);
  assert.equal(g.code, 0, g.stderr);
  const model = path.join(dir, 'sines-model');
  const t = await runAe(['train', small, '--epochs', '1', '--out', model]);
  assert.equal(t.code, 0, t.stderr);
  // 7 copies: ~60 MB, read by the parser workers in chunks; a second or so to scan.
  const rows = readFileSync(small, 'utf8');
  const big = path.join(dir, 'big.csv');
  writeFileSync(big, rows.repeat(7));
  const total = rows.trim().split('\n').length * 7;
  const child = spawn(process.execPath, ['bin/ae.js', 'scan', big, '--model', model, '--ndjson'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve) =>
    child.stdout.on('data', (d: Buffer) => {
      if (out === '') setImmediate(() => child.kill('SIGINT')); // once the first records are out
      out += d.toString();
      resolve();
    }),
  );
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 130, err);
  const records = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { index: number });
  assert.ok(records.length > 0 && records.length < total, `${records.length} of ${total} records`);
  assert.deepEqual(
    records.map((r) => r.index),
    records.map((_, i) => i),
    'every line read, in order, once',
  );
  assert.match(
    err,
    new RegExp(
      `^ae: stopped: reading .*big\\.csv; the rows read before were scored \\(${records.length} records\\)$`,
      'm',
    ),
  );
  assert.doesNotMatch(err, /ae: error/);
});
