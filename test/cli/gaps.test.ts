// A scrape gap in a file: windows start afresh after it, whether the file is fitted on or
// scanned with the model saved from it, and the rows after it say why they have no score.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createNormal, createRng } from '../../src/data/rng.js';
import { tempDir } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';

const dir = tempDir();
const f = (name: string) => path.join(dir, name);

test('a 90-minute gap in a per-minute series: windows break, the same with the saved model', async () => {
  const g = createNormal(createRng(6));
  const lines = ['time,v'];
  for (let m = 0; m < 400; m++) {
    if (m >= 200 && m < 290) continue; // the gap
    const t = new Date(Date.UTC(2026, 2, 2, 0, m)).toISOString();
    lines.push(`${t},${(Math.sin(m / 8) + 0.05 * g()).toFixed(4)}`);
  }
  writeFileSync(f('g.csv'), lines.join('\n') + '\n');
  const args = ['--column', 'v', '--window', '10', '--stride', '1', '--per-row', '--ndjson', '--epochs', '2'];
  const fit = await runAe(['scan', f('g.csv'), ...args, '--out', f('m')]);
  assert.equal(fit.code, 0, fit.stderr);
  assert.match(fit.stderr, /windows start afresh after gaps over 5 steps \(9 row\(s\) after them unscored/);
  const records = fit.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(records.length, 310, 'a record per line');
  const after = records.filter((r) => r.reason !== undefined);
  assert.deepEqual(
    after.map((r) => r.index),
    [200, 201, 202, 203, 204, 205, 206, 207, 208],
  );
  assert.ok(after.every((r) => r.score === null && /after a gap/.test(r.reason)));
  assert.equal(records[209].score === null, false, 'the first full window after the gap is scored');
  const meta = JSON.parse(readFileSync(f('m/ae.json'), 'utf8'));
  assert.equal(meta.input.window.gapStep, 60_000);
  // Scanned with the saved model (a stream cut into windows as it is read): the same records.
  const again = await runAe(['scan', f('g.csv'), '--model', f('m'), '--per-row', '--ndjson']);
  assert.equal(again.code, 0, again.stderr);
  const scanned = again.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    scanned.map((r) => [r.index, r.score, r.reason ?? null]),
    records.map((r) => [r.index, r.score, r.reason ?? null]),
  );
});

test('epoch ids keep their text and every record adds the ISO time', async () => {
  const lines = ['ts,v'];
  for (let m = 0; m < 120; m++) lines.push(`${1774617600 + 60 * m},${Math.sin(m / 5).toFixed(4)}`);
  writeFileSync(f('e.csv'), lines.join('\n') + '\n');
  const args = ['--ndjson', '--epochs', '1'];
  const run = await runAe([
    'scan',
    f('e.csv'),
    '--column',
    'v',
    '--window',
    '8',
    '--stride',
    '1',
    '--per-row',
    ...args,
  ]);
  assert.equal(run.code, 0, run.stderr);
  const records = run.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(records[0].id, '1774617600');
  assert.equal(records[0].time, '2026-03-27T13:20:00.000Z');
  assert.equal(records[119].time, '2026-03-27T15:19:00.000Z');
  assert.ok(
    records.every((x) => typeof x.time === 'string'),
    'unscored lead rows too',
  );
});

test('missing cells in a series: carried forward by default, or drawn as lines with --impute linear', async () => {
  const lines = ['v'];
  for (let m = 0; m < 200; m++) lines.push(m === 50 || m === 51 ? 'NA' : String(m % 20));
  writeFileSync(f('na.csv'), lines.join('\n') + '\n');
  const base = ['train', f('na.csv'), '--window', '10', '--epochs', '1'];
  const carried = await runAe([...base, '--out', f('na-prev')]);
  assert.equal(carried.code, 0, carried.stderr);
  assert.match(carried.stderr, /filled 2 missing cell\(s\) with the column's last value/);
  const linear = await runAe([...base, '--impute', 'linear', '--out', f('na-lin')]);
  assert.equal(linear.code, 0, linear.stderr);
  assert.match(linear.stderr, /filled 2 missing cell\(s\) with straight lines between the values around them/);
  assert.equal(JSON.parse(readFileSync(f('na-lin/ae.json'), 'utf8')).input.impute.kind, 'linear');
  // Rows (no order to carry along): refused, with the fix named.
  writeFileSync(f('na2.csv'), 'a,b\n1,2\n3,NA\n5,6\n');
  const rows = await runAe(['train', f('na2.csv'), '--epochs', '1', '--out', f('na-rows')]);
  assert.equal(rows.code, 1, rows.stderr);
  assert.match(rows.stderr, /row 3, column 2 \("b"\): "NA" is a missing value \(--impute fills/);
});

test('--explain marks a blamed value that was filled in, not the real one beside it', async () => {
  const lines = ['time,v,w'];
  for (let m = 0; m < 600; m++) {
    const t = new Date(Date.UTC(2026, 2, 2, 0, m)).toISOString();
    const v = m === 400 ? '9' : m === 401 || m === 402 ? 'NA' : Math.sin(m / 8).toFixed(4);
    lines.push(`${t},${v},${Math.cos(m / 8).toFixed(4)}`);
  }
  writeFileSync(f('fill.csv'), lines.join('\n') + '\n');
  // Windows of 64 (not the period's 50) so that offsets below are fixed; the MSE so that every
  // blamed position is listed (the relative score names each metric once, at its worst row).
  const r = await runAe([
    'watch',
    f('fill.csv'),
    '--ndjson',
    '--learn',
    '300',
    '--window',
    '64,32',
    '--score',
    'mse',
    '--epochs',
    '20',
    '--quiet',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const records = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  type B = { offset: number; value: number; filled?: true };
  const blamed = (line: number) => (records.find((x) => x.index === line)?.explain ?? []) as B[];
  // Line 401's window ends at 401: offset 63 is line 401 (filled with 9), offset 62 line 400 (a real 9).
  assert.ok(
    blamed(401).some((x) => x.offset === 63 && x.filled === true),
    JSON.stringify(blamed(401)),
  );
  assert.ok(blamed(401).every((x) => x.offset !== 62 || x.filled === undefined));
  assert.ok(
    blamed(400).every((x) => x.filled === undefined),
    'nothing was filled by line 400',
  );
});
