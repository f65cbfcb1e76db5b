// `ae report DIR`: rebuilds report.html from a run folder's files alone.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';

const dir = tempDir();

test('every run folder has a report; `ae report` rebuilds the same page from the files', async () => {
  const series = path.join(dir, 'series.csv');
  const labels = path.join(dir, 'labels.csv');
  const out = path.join(dir, 'r');
  const g = await runAe(['generate', 'sines', '--out', series, '--labels', labels, '--noisy', '500', '--quiet']);
  assert.equal(g.code, 0, g.stderr);
  const s = await runAe(['scan', series, '--epochs', '2', '--labels', labels, '--out', out, '--quiet']);
  assert.equal(s.code, 0, s.stderr);
  const html = readFileSync(path.join(out, 'report.html'), 'utf8');
  const record = JSON.parse(readFileSync(path.join(out, 'ae-run.json'), 'utf8'));
  assert.equal(record.version, 2);
  assert.equal(record.kind, 'scan');
  assert.deepEqual(record.command.slice(0, 3), ['ae', 'scan', series]);
  assert.equal(record.summary.counts.scored, 700);
  // What ran, the counts, the charts inline, the metrics: all from the folder.
  assert.ok(html.includes(`ae scan ${series}`));
  assert.match(html, /<figure class="chart" data-chart="histogram"><svg/);
  assert.match(html, /data-table="confusion"/);
  assert.doesNotMatch(html, /https?:\/\/(?!www\.w3\.org)/, 'nothing fetched from the network');
  rmSync(path.join(out, 'report.html'));
  const r = await runAe(['report', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(readFileSync(path.join(out, 'report.html'), 'utf8'), html);
});

test('a scan with --model names the network and the score in the Run table, as a scan that trains does', async () => {
  const series = path.join(dir, 'series-m.csv');
  const model = path.join(dir, 'model-m');
  const out = path.join(dir, 'r-m');
  assert.equal((await runAe(['generate', 'sines', '--out', series, '--noisy', '300', '--quiet'])).code, 0);
  const t = await runAe(['train', series, '--epochs', '2', '--score', 'mae', '--out', model, '--quiet']);
  assert.equal(t.code, 0, t.stderr);
  const s = await runAe(['scan', series, '--model', model, '--out', out, '--quiet']);
  assert.equal(s.code, 0, s.stderr);
  const record = JSON.parse(readFileSync(path.join(out, 'ae-run.json'), 'utf8'));
  assert.deepEqual(record.summary.model.layers, [100, 50, 25, 50, 100]);
  const html = readFileSync(path.join(out, 'report.html'), 'utf8');
  assert.match(html, /<dt>network<\/dt><dd>100-50-25-50-100<\/dd>/);
  assert.match(html, /<dt>score<\/dt><dd>mae<\/dd>/);
});

test('`ae report` refuses a folder that is not an ae run folder, and writes nothing', async () => {
  const mine = path.join(dir, 'mine');
  mkdirSync(mine);
  writeFileSync(path.join(mine, 'notes.txt'), 'mine');
  const r = await runAe(['report', mine]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /mine: is not an ae run folder/);
  assert.deepEqual((await import('node:fs')).readdirSync(mine), ['notes.txt']);
  const missing = await runAe(['report', path.join(dir, 'nope')]);
  assert.equal(missing.code, 1);
});
