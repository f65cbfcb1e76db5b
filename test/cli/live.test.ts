// Live metric streams: records while rows still arrive, a record per row, incidents, learning
// from the first part of a file, and a clean end on SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { tempDir, writeTemp } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';

const dir = tempDir();
const ROWS = 4032;
const value = (i: number) =>
  Math.sin((2 * Math.PI * i) / 288) + 0.05 * Math.sin(i * 12.9898) + (i >= 3000 && i < 3010 ? 4 : 0);
const lines = Array.from({ length: ROWS }, (_, i) => `${1_700_000_000 + 300 * i},${value(i).toFixed(4)}`);
const csv = 'timestamp,value\n' + lines.join('\n') + '\n';
let file = '';
let model = '';
const fast = ['--epochs', '5', '--quiet'];

before(async () => {
  file = writeTemp(dir, 'series.csv', csv);
  model = path.join(dir, 'm');
  const t = await runAe([
    'train',
    file,
    '--column',
    'value',
    '--window',
    '64',
    '--stride',
    '4',
    '--out',
    model,
    ...fast,
  ]);
  assert.equal(t.code, 0, t.stderr);
});

test('--per-row: one record per data row, in order, 63 null scores first, then the window ending there', async () => {
  const r = await runAe(['scan', file, '--model', model, '--per-row', '--id', 'timestamp', '--ndjson', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const records = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(records.length, ROWS);
  records.forEach((rec, i) => assert.equal(rec.index, i));
  assert.ok(records.slice(0, 63).every((rec) => rec.score === null && rec.likelihood === null && !rec.flagged));
  assert.ok(
    records.slice(63).every((rec) => typeof rec.score === 'number' && rec.likelihood >= 0 && rec.likelihood <= 1),
  );
  assert.equal(records[100].id, String(1_700_000_000 + 300 * 100));
  // The record of row 100 is the window of rows 37..100, as a window scan numbers it (stride 1).
  const w = await runAe([
    'scan',
    file,
    '--model',
    model,
    '--column',
    'value',
    '--window',
    '64',
    '--stride',
    '1',
    '--ndjson',
    '--quiet',
  ]);
  const windows = w.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(windows[37].end, 101);
  assert.equal(records[100].score, windows[37].score);
});

test('a 10-row spike is one incident, marked at its start and at its end; JSON lists it', async () => {
  const args = ['scan', file, '--model', model, '--per-row', '--likelihood', '0.9999', '--quiet'];
  const r = await runAe([...args, '--ndjson']);
  const records = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const starts = records.filter((rec) => rec.incident === 'start');
  assert.equal(starts.length, 1, JSON.stringify(starts));
  assert.ok(starts[0].index >= 3000 && starts[0].index < 3064, `starts at ${starts[0].index}`);
  assert.equal(records.filter((rec) => rec.incident === 'end').length, 1);
  assert.ok(records.filter((rec) => rec.flagged).length > 10, 'one incident, many flagged rows');
  const j = JSON.parse((await runAe([...args, '--json'])).stdout);
  assert.equal(j.incidents.length, 1);
  assert.equal(j.counts.incidents, 1);
  assert.ok(j.incidents[0].start >= 3000 && j.incidents[0].start < 3064, JSON.stringify(j.incidents));
});

test('--train-first 15% fits exactly what training on the head of the file fits', async () => {
  const head = writeTemp(
    dir,
    'head.csv',
    'timestamp,value\n' + lines.slice(0, Math.floor(0.15 * ROWS)).join('\n') + '\n',
  );
  const args = ['--column', 'value', '--window', '64', '--stride', '4', '--seed', '3', ...fast];
  const h = await runAe(['train', head, '--out', path.join(dir, 'head'), ...args]);
  assert.equal(h.code, 0, h.stderr);
  const s = await runAe(['scan', file, '--train-first', '15%', '--out', path.join(dir, 'first'), '--json', ...args]);
  assert.equal(s.code, 0, s.stderr);
  const weights = (d: string) => readFileSync(path.join(dir, d, 'weights.bin'));
  assert.ok(weights('head').equals(weights('first')), 'the same model');
  const doc = JSON.parse(s.stdout);
  assert.equal(doc.counts.scored, Math.floor((ROWS - 64) / 4) + 1, 'every window of the file is scored');
  assert.ok(doc.incidents.some((iv: { start: number; end: number }) => iv.start <= 3009 && iv.end > 3000));
});

/** Runs the built CLI on a slow writer's rows; resolves with when each record line arrived. */
function slowScan(
  rows: string[],
  every: number,
  extra: string[] = [],
  stopAfter?: { signal: NodeJS.Signals; at: number },
) {
  return new Promise<{
    code: number | null;
    arrivals: { at: number; line: string }[];
    sentLast: number;
    stderr: string;
  }>((resolve) => {
    const child = spawn(process.execPath, ['bin/ae.js', 'scan', '-', '--model', model, '--ndjson', ...extra], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    const arrivals: { at: number; line: string }[] = [];
    let buffer = '';
    let stderr = '';
    const t0 = Date.now();
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      for (const line of parts) arrivals.push({ at: Date.now() - t0, line });
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let sentLast = 0;
    child.stdin.write('timestamp,value\n');
    let i = 0;
    const timer = setInterval(() => {
      if (stopAfter && i === stopAfter.at) {
        clearInterval(timer);
        sentLast = Date.now() - t0;
        setTimeout(() => child.kill(stopAfter.signal), 300);
        return;
      }
      child.stdin.write(rows[i]! + '\n');
      if (++i === rows.length) {
        clearInterval(timer);
        sentLast = Date.now() - t0;
        child.stdin.end();
      }
    }, every);
    child.on('close', (code) => resolve({ code, arrivals, sentLast, stderr }));
  });
}

test('a slow writer into `ae scan -`: records arrive while the writer is still writing', async () => {
  const rows = lines.slice(0, 100);
  const r = await slowScan(rows, 100, ['--per-row']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.arrivals.length, 100);
  const early = r.arrivals.filter((a) => a.at < r.sentLast).length;
  assert.ok(early >= 90, `${early} of 100 records arrived before the last row was sent`);
});

test('SIGTERM ends a live scan cleanly: every row that arrived is scored, whole lines, exit 130', async () => {
  const r = await slowScan(lines, 20, ['--per-row'], { signal: 'SIGTERM', at: 50 });
  assert.equal(r.code, 130, r.stderr);
  assert.equal(r.arrivals.length, 50);
  r.arrivals.forEach((a, i) => assert.equal(JSON.parse(a.line).index, i));
  // A stop asked for: one line saying what was kept, not an error.
  assert.match(r.stderr, /^ae: stopped: reading; every row that arrived was scored \(50 records\)$/m);
  assert.doesNotMatch(r.stderr, /ae: error/);
});

test('per row, labels are judged by the records’ own flags (a likelihood rule), and --out writes the run folder', async () => {
  const labels = writeTemp(
    dir,
    'labels.csv',
    'index,label\n' + Array.from({ length: ROWS }, (_, i) => `${i},${i >= 3000 && i < 3070 ? 1 : 0}`).join('\n') + '\n',
  );
  const out = path.join(dir, 'per-row-run');
  const args = ['scan', file, '--model', model, '--per-row', '--likelihood', '0.9999', '--labels', labels];
  const r = await runAe([...args, '--json', '--out', out, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  const c = doc.metrics.atThresholds;
  assert.equal(c.tp + c.fp, doc.counts.flagged, 'the confusion counts the flagged records');
  assert.ok(c.tp > 0);
  assert.deepEqual(doc.thresholds, { likelihood: { value: 0.9999, rule: 'likelihood 0.9999' } });
  const scores = readFileSync(path.join(out, 'scores.csv'), 'utf8').trim().split('\n');
  assert.equal(scores.length, 1 + ROWS - 63, 'a scores.csv line per scored row');
  assert.ok(readFileSync(path.join(out, 'report.html'), 'utf8').includes('<svg'));
});

test('--range-margin flags a value beyond everything seen so far, whatever its score', async () => {
  const spike = lines.map((l, i) => (i === 3500 ? l.replace(/,[^,]+$/, ',9.5') : l));
  const f = writeTemp(dir, 'range.csv', 'timestamp,value\n' + spike.join('\n') + '\n');
  const r = await runAe([
    'scan',
    f,
    '--model',
    model,
    '--per-row',
    '--range-margin',
    '0.05',
    '--threshold',
    '1e9',
    '--ndjson',
    '--quiet',
  ]);
  const recs = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const out = recs.filter((x) => x.outOfRange);
  assert.deepEqual(
    out.map((x) => x.index),
    [3000, 3500],
    'the first row of the +4 spike (beyond the sine) and the 9.5 later: nothing else',
  );
  assert.ok(out.every((x) => x.flagged && x.tail === 'high'));
});
