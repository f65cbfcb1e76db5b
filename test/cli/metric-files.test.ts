// Metric files as monitoring exports them: a time column and several metrics, windowed
// together; and each mistake a new user makes with such files ends in an error, a warning or a
// note that names the fix — never in silence.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createNormal, createRng } from '../../src/data/rng.js';
import { tempDir } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';

const dir = tempDir();
const f = (name: string) => path.join(dir, name);
const T0 = 1767225600; // 2026-01-01, epoch seconds
const DAY = 288; // 5-minute rows

/** Days of `timestamp,cpu,mem,latency` with a daily cycle; cpu and latency jump for `incident` rows. */
function metrics(days: number, incident: [number, number] | null, seed = 3): string[] {
  const rng = createRng(seed);
  const g = createNormal(rng);
  const lines = ['timestamp,cpu,mem,latency'];
  for (let i = 0; i < days * DAY; i++) {
    const ph = (2 * Math.PI * (i % DAY)) / DAY;
    const hit = incident && i >= incident[0] && i < incident[1];
    const cpu = 40 + 20 * Math.sin(ph) + 2 * g() + (hit ? 35 : 0);
    const mem = 60 + 5 * Math.sin(ph + 1) + 0.5 * g();
    const lat = 120 + 30 * Math.sin(ph) + 4 * g() + (hit ? 150 : 0);
    lines.push(`${T0 + 300 * i},${cpu.toFixed(2)},${mem.toFixed(2)},${lat.toFixed(1)}`);
  }
  return lines;
}

test('three metrics windowed together: the time column is the id, one interval covers the incident', async () => {
  const all = metrics(10, [2520, 2532]); // day 9, one hour
  writeFileSync(f('first7days.csv'), all.slice(0, 1 + 7 * DAY).join('\n') + '\n');
  writeFileSync(f('last3days.csv'), [all[0], ...all.slice(1 + 7 * DAY)].join('\n') + '\n');
  const t = await runAe([
    'train',
    f('first7days.csv'),
    '--columns',
    'cpu,mem,latency',
    '--window',
    '12',
    '--out',
    f('m'),
  ]);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stderr, /column "timestamp" holds times \(epoch seconds, step 300\): taken as the id, not a feature/);
  assert.match(t.stderr, /training 36-18-9-18-36/, '12 rows × 3 metrics per window');
  const meta = JSON.parse(readFileSync(f('m/ae.json'), 'utf8'));
  assert.deepEqual(
    meta.input.columns.map((c: { name: string }) => c.name),
    ['cpu', 'mem', 'latency'],
  );
  assert.deepEqual(meta.input.window, { column: 'cpu,mem,latency', size: 12, stride: 12, gapStep: 300_000 });
  const s = await runAe(['scan', f('last3days.csv'), '--model', f('m'), '--json', '--explain', '2', '--out', f('r')]);
  assert.equal(s.code, 0, s.stderr);
  assert.equal(s.stdout.trim()[0], '{', 'stdout carries only the document');
  const doc = JSON.parse(s.stdout);
  assert.equal(doc.input.id, 'timestamp');
  const incident = { start: 2520 - 7 * DAY, end: 2532 - 7 * DAY };
  const covering = doc.intervals.filter(
    (iv: { start: number; end: number }) => iv.start <= incident.start && iv.end >= incident.end,
  );
  assert.equal(covering.length, 1, `one interval covers rows 504..515: ${JSON.stringify(doc.intervals)}`);
  assert.equal(covering[0].startId, String(T0 + 300 * (7 * DAY + covering[0].start)));
  // Explanations name the metric and the row of the window: cpu or latency, inside the incident.
  const top = doc.flagged.find((x: { start: number }) => x.start === incident.start).explain[0];
  assert.ok(['cpu', 'latency'].includes(top.name), JSON.stringify(top));
  assert.equal(top.column, top.name === 'cpu' ? 2 : 4, 'the 1-based column of the file');
  assert.ok(top.offset >= 0 && top.offset < 12);
  // The report: one panel per metric, against time, flagged spans shaded.
  const spec = JSON.parse(readFileSync(f('r/series.vl.json'), 'utf8'));
  assert.equal(spec.vconcat.length, 3);
  assert.deepEqual(
    spec.vconcat.map((p: { layer: { encoding: { y?: { title: string } } }[] }) => p.layer[1]!.encoding.y!.title),
    ['cpu', 'mem', 'latency'],
  );
  assert.equal(spec.vconcat[0].layer[1].encoding.x.type, 'temporal');
  assert.ok(spec.vconcat[0].layer[0].data.values.length >= 1, 'a shaded band');
  // The model's window, columns and stride come from the bundle; another length is refused.
  const other = await runAe(['scan', f('last3days.csv'), '--model', f('m'), '--window', '6']);
  assert.equal(other.code, 2);
  assert.match(other.stderr, /the model reads windows of 12 rows; --window 6 differs \(leave --window out/);
  const stride = await runAe(['scan', f('last3days.csv'), '--model', f('m'), '--stride', '6', '--json']);
  assert.equal(stride.code, 0, stride.stderr);
  assert.match(stride.stderr, /windows every 6 rows \(the model was trained with --stride 12\)/);
  assert.equal(JSON.parse(stride.stdout).counts.scored, Math.floor((3 * DAY - 12) / 6) + 1);
  // Labels keyed by the timestamps judge the windows as labels keyed by data line do.
  const rows = 3 * DAY;
  const hit = (i: number) => (i >= incident.start && i < incident.end ? 1 : 0);
  const byTime = Array.from({ length: rows }, (_, i) => `${T0 + 300 * (7 * DAY + i)},${hit(i)}`);
  writeFileSync(f('by-time.csv'), 'timestamp,label\n' + byTime.join('\n') + '\n');
  writeFileSync(f('by-line.csv'), 'index,label\n' + byTime.map((_, i) => `${i},${hit(i)}`).join('\n') + '\n');
  const metricsOf = async (labels: string) => {
    const r = await runAe(['scan', f('last3days.csv'), '--model', f('m'), '--labels', labels, '--json']);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout).metrics;
  };
  const timed = await metricsOf(f('by-time.csv'));
  assert.equal(timed.positives, 1, 'the incident fills one window of 12');
  assert.deepEqual(timed, await metricsOf(f('by-line.csv')));
});

test('rows keyed by an ISO time: consecutive flagged rows merge into intervals, drawn against time', async () => {
  const lines = ['time,a,b'];
  const rng = createRng(5);
  for (let i = 0; i < 400; i++) {
    const odd = i >= 300 && i < 304;
    const a = Math.sin(i / 9) + 0.05 * rng() + (odd ? 6 : 0);
    const b = Math.cos(i / 9) + 0.05 * rng();
    lines.push(`${new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()},${a.toFixed(4)},${b.toFixed(4)}`);
  }
  writeFileSync(f('rows.csv'), lines.join('\n') + '\n');
  const r = await runAe(['scan', f('rows.csv'), '--threshold', '3', '--json', '--out', f('rr'), '--epochs', '30']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /column "time" holds times \(dates\)/);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.input.columns, 2, 'the time column is no feature');
  const iv = doc.intervals.find((x: { start: number }) => x.start >= 299 && x.start <= 301);
  assert.ok(iv && iv.end - iv.start >= 2, `the odd rows as one interval: ${JSON.stringify(doc.intervals)}`);
  assert.equal(iv.startId, lines[1 + iv.start]!.split(',')[0]);
  const spec = JSON.parse(readFileSync(f('rr/series.vl.json'), 'utf8'));
  assert.equal(spec.vconcat.length, 2);
  assert.equal(spec.vconcat[0].layer[1].encoding.x.type, 'temporal');
  // Named in --columns, the time column is a feature again (still the id).
  const named = await runAe(['scan', f('rows.csv'), '--columns', 'time,a', '--json', '--epochs', '1', '--quiet']);
  assert.equal(named.code, 1, 'an ISO text is no number');
  assert.match(named.stderr, /rows\.csv: row 2, column 1 \("time"\)/);
});

test('no silent mistakes: decimal commas, a numeric header, a width mismatch by position', async () => {
  const eu = ['a;b;c', ...Array.from({ length: 60 }, (_, i) => `${(24 + Math.sin(i)).toFixed(2)};13,5;7,${i % 10}`)];
  writeFileSync(f('eu.csv'), eu.map((l) => l.replace('.', ',')).join('\n') + '\n');
  const refused = await runAe(['scan', f('eu.csv'), '--epochs', '1']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /eu\.csv: column 1 \("a"\): "\d+,\d+" has a decimal comma \(add --decimal ,\)/);
  const read = await runAe([
    'train',
    f('eu.csv'),
    '--decimal',
    ',',
    '--epochs',
    '2',
    '--out',
    f('eu-m'),
    '--json',
    '--quiet',
  ]);
  assert.equal(read.code, 0, read.stderr);
  assert.equal(JSON.parse(read.stdout).input.width, 3);
  const again = await runAe(['scan', f('eu.csv'), '--model', f('eu-m'), '--json']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(JSON.parse(again.stdout).counts.scored, 60, 'the bundle reads decimal commas as it was trained');

  const body = Array.from({ length: 200 }, (_, i) => `${i % 7},${i % 5},${i % 3},${i % 4}`);
  writeFileSync(f('numhead.csv'), ['400,410,420,430', ...body].join('\n') + '\n');
  const h = await runAe(['train', f('numhead.csv'), '--epochs', '1', '--out', f('nh-m')]);
  assert.equal(h.code, 0, h.stderr);
  assert.match(h.stderr, /first row \(400,410,420,430\) lies far outside the other rows' range: .*add --header/);
  const wide = Array.from({ length: 20 }, (_, i) => Array.from({ length: 100 }, () => i % 9).join(','));
  writeFileSync(f('wide.csv'), wide.join('\n') + '\n');
  const w = await runAe(['scan', f('wide.csv'), '--model', f('nh-m')]);
  assert.equal(w.code, 1);
  assert.match(
    w.stderr,
    /wide\.csv: has 100 columns, no header; the model was trained on 4 columns, which it takes by position/,
  );
});

test('a constant series warns and flags none of its identical rows; an unreachable low threshold is noted', async () => {
  writeFileSync(f('flat.csv'), 'value\n' + '5\n'.repeat(600));
  const t = await runAe([
    'train',
    f('flat.csv'),
    '--column',
    'value',
    '--window',
    '10',
    '--out',
    f('flat-m'),
    '--json',
  ]);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stderr, /warning: all 60 training scores are equal/);
  assert.equal(JSON.parse(t.stdout).counts.flagged, 0, 'no training window flagged');
  for (const rule of [[], ['--percentile', '100']]) {
    const s = await runAe(['scan', f('flat.csv'), '--model', f('flat-m'), '--json', ...rule]);
    assert.equal(s.code, 0, s.stderr);
    assert.equal(JSON.parse(s.stdout).counts.flagged, 0, `nothing flagged ${rule.join(' ')}`);
  }
  const series = Array.from({ length: 3000 }, (_, i) => (Math.sin(i / 7) + 0.3 * Math.sin(i * 1.3)).toFixed(4));
  writeFileSync(f('wave.csv'), 'v\n' + series.join('\n') + '\n');
  const m = await runAe([
    'train',
    f('wave.csv'),
    '--column',
    'v',
    '--window',
    '20',
    '--epochs',
    '5',
    '--out',
    f('wave-m'),
    '--quiet',
  ]);
  assert.equal(m.code, 0, m.stderr);
  const sig = await runAe(['scan', f('wave.csv'), '--model', f('wave-m'), '--sigma', '50', '--tail', 'both', '--json']);
  assert.equal(sig.code, 0, sig.stderr);
  const low = JSON.parse(sig.stdout).thresholds.low;
  assert.ok(low.value < 0);
  assert.match(sig.stderr, /note: the low threshold \(score ≤ -[\d.e-]+\) is below 0, which an MSE never reaches/);
});

test('a model no better than the column means says so; train --json is rounded; mnist refuses a digit twice', async () => {
  const rng = createRng(11);
  const g = createNormal(rng);
  const noise = Array.from({ length: 600 }, () => [g(), g(), g()].map((v) => v.toFixed(4)).join(','));
  writeFileSync(f('noise.csv'), 'x,y,z\n' + noise.join('\n') + '\n');
  const t = await runAe([
    'train',
    f('noise.csv'),
    '--epochs',
    '20',
    '--out',
    f('noise-m'),
    '--json',
    '--percentile',
    '99.9',
    '--tail',
    'both',
  ]);
  assert.equal(t.code, 0, t.stderr);
  assert.match(
    t.stderr,
    /warning: the model reconstructs no better than each column's mean \(validation loss [\d.]+, the means' [\d.]+\)/,
  );
  const doc = JSON.parse(t.stdout);
  assert.ok(doc.training.valLoss >= doc.training.meanLoss);
  assert.equal(doc.training.warnings.length, 1);
  for (const v of [doc.training.loss, doc.training.valLoss, doc.thresholds.high.value, doc.thresholds.low.value])
    assert.equal(v, Number(v.toPrecision(6)), `${v} has 6 significant digits`);
  assert.equal(doc.thresholds.low.rule, 'percentile 0.1');
  // What a reader of the printed numbers computes is what ae decided.
  const s = await runAe(['scan', f('noise.csv'), '--model', f('noise-m'), '--ndjson']);
  const high = doc.thresholds.high.value;
  const low = doc.thresholds.low.value;
  for (const line of s.stdout.trim().split('\n')) {
    const r = JSON.parse(line);
    assert.equal(r.flagged, r.score >= high || r.score <= low, line);
  }
  const mnist = await runAe(['train', 'mnist', '--normal', '3', '--anomalies', '3,5']);
  assert.equal(mnist.code, 2);
  assert.match(mnist.stderr, /--anomalies 3,5 holds the normal digit 3/);
});

test('--impute median fills empty cells with the training medians, stored and reused by scans', async () => {
  const rng = createRng(21);
  const g = createNormal(rng);
  const lines = ['a,b,c'];
  for (let i = 0; i < 300; i++) {
    const cells = [10 + g(), 5 + g(), g()].map((v) => v.toFixed(3));
    if (i % 17 === 3) cells[1] = '';
    lines.push(cells.join(','));
  }
  writeFileSync(f('gaps.csv'), lines.join('\n') + '\n');
  const refused = await runAe(['train', f('gaps.csv'), '--epochs', '1', '--out', f('gaps-no')]);
  assert.equal(refused.code, 1, 'off by default: an empty cell is an error');
  assert.match(
    refused.stderr,
    /row 5, column 2 \("b"\): is empty \(--impute fills missing values, --skip-invalid skips such rows/,
  );
  const t = await runAe(['train', f('gaps.csv'), '--impute', 'median', '--epochs', '3', '--out', f('gaps-m')]);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stderr, /filled 18 missing cell\(s\) with each column's median/);
  const meta = JSON.parse(readFileSync(f('gaps-m/ae.json'), 'utf8'));
  const b = lines
    .slice(1)
    .map((l) => l.split(',')[1]!)
    .filter((c) => c !== '')
    .map(Number)
    .sort((x, y) => x - y);
  const median = (b[b.length / 2 - 1]! + b[b.length / 2]!) / 2;
  assert.equal(meta.input.impute.kind, 'median');
  assert.ok(Math.abs(meta.input.impute.values[1] - median) < 1e-6, `${meta.input.impute.values[1]} vs ${median}`);
  // A scan with the bundle fills the same cells alike: its scores are the training scores.
  const trained = readFileSync(f('gaps-m/scores.csv'), 'utf8').trim().split('\n').slice(1);
  const s = await runAe(['scan', f('gaps.csv'), '--model', f('gaps-m'), '--ndjson']);
  assert.equal(s.code, 0, s.stderr);
  const recs = s.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(recs.length, 300);
  for (const i of [3, 20, 37]) assert.equal(recs[i].score, Number(trained[i]!.split(',')[1]), `row ${i}`);
  const again = await runAe(['scan', f('gaps.csv'), '--model', f('gaps-m'), '--impute', 'mean']);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /--impute has no effect with --model/);
});

test('--encode onehot: a text column becomes one 0/1 input per category, stored; unknown categories are reported', async () => {
  const rng = createRng(22);
  const g = createNormal(rng);
  const kinds = ['food', 'rent', 'travel'];
  const amount: Record<string, number> = { food: 20, rent: 900, travel: 300 };
  const row = (k: string) => `${(amount[k]! * (1 + 0.05 * g())).toFixed(2)},${k}`;
  const lines = ['Montant €,Catégorie', ...Array.from({ length: 300 }, (_, i) => row(kinds[i % 3]!))];
  writeFileSync(f('spend.csv'), lines.join('\n') + '\n');
  const plain = await runAe(['train', f('spend.csv'), '--columns', 'Montant €,Catégorie', '--out', f('spend-no')]);
  assert.equal(plain.code, 1, 'off by default');
  assert.match(
    plain.stderr,
    /column 2 \("Catégorie"\): "food" is not a finite number \(a text column: --encode onehot/,
  );
  const t = await runAe(['train', f('spend.csv'), '--encode', 'onehot', '--epochs', '3', '--out', f('spend-m')]);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stderr, /one-hot encoding Catégorie \(3 categories\)/);
  assert.match(t.stderr, /training 4-2-1-2-4/, 'the amount and three indicators');
  const meta = JSON.parse(readFileSync(f('spend-m/ae.json'), 'utf8'));
  assert.deepEqual(meta.input.columns[1], { number: 2, name: 'Catégorie', categories: ['food', 'rent', 'travel'] });
  // Scanning the training file with the bundle gives the training scores (the same encoding).
  const trained = readFileSync(f('spend-m/scores.csv'), 'utf8').trim().split('\n').slice(1);
  const again = await runAe(['scan', f('spend.csv'), '--model', f('spend-m'), '--ndjson']);
  assert.equal(again.code, 0, again.stderr);
  const recs = again.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  for (const i of [0, 1, 2, 150]) assert.equal(recs[i].score, Number(trained[i]!.split(',')[1]), `row ${i}`);
  // Another file, its columns in another order, with a category the model never saw.
  writeFileSync(f('spend-new.csv'), 'Catégorie,Montant €\nrent,905\ngifts,40\nfood,21\ngifts,35\n');
  const s = await runAe([
    'scan',
    f('spend-new.csv'),
    '--model',
    f('spend-m'),
    '--json',
    '--explain',
    '4',
    '--threshold',
    '0',
  ]);
  assert.equal(s.code, 0, s.stderr);
  assert.match(
    s.stderr,
    /column 1 \("Catégorie"\): 2 row\(s\) hold a category the model was not trained on \(first: "gifts"\)/,
  );
  const doc = JSON.parse(s.stdout);
  assert.equal(doc.counts.scored, 4);
  assert.deepEqual(doc.input.unknownCategories, [{ column: 1, name: 'Catégorie', rows: 2, example: 'gifts' }]);
  const names = doc.flagged[0].explain.map((e: { name: string; category?: string }) => `${e.name}:${e.category ?? ''}`);
  assert.deepEqual([...names].sort(), ['Catégorie:food', 'Catégorie:rent', 'Catégorie:travel', 'Montant €:']);
  assert.equal((await runAe(['scan', f('spend.csv'), '--model', f('spend-m'), '--encode', 'onehot'])).code, 2);
});
