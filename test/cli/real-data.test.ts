// Issue 11: behaviour on files nobody here wrote — named and reordered columns, ids and
// timestamps, blank and invalid lines, split files, windows over a long series.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { createRng } from '../../src/data/rng.js';
import { tempDir } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';

const dir = tempDir();
const f = (name: string) => path.join(dir, name);
const fast = ['--epochs', '5', '--quiet'];
const ndjson = (s: string) =>
  s
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

/** 600 rows of three correlated sensors with a timestamp and an id, plus a few odd rows. */
function sensors(): { header: string[]; rows: string[][] } {
  const r = createRng(3);
  const rows: string[][] = [];
  for (let i = 0; i < 600; i++) {
    const base = Math.sin(i / 10);
    const odd = i % 97 === 50;
    const temp = (20 + 5 * base + r() * 0.2 + (odd ? 8 : 0)).toFixed(3);
    const pressure = (1000 + 30 * base + r()).toFixed(3);
    const humidity = (50 - 10 * base + r() * 0.5).toFixed(3);
    const ts = new Date(Date.UTC(2026, 0, 1) + i * 300_000).toISOString();
    rows.push([ts, `s${i}`, temp, pressure, humidity]);
  }
  return { header: ['timestamp', 'id', 'temp', 'pressure', 'humidity'], rows };
}

const csv = (header: string[] | null, rows: string[][]) =>
  (header ? header.join(',') + '\n' : '') + rows.map((r) => r.join(',')).join('\n') + '\n';

let data: ReturnType<typeof sensors>;
before(async () => {
  data = sensors();
  writeFileSync(f('sensors.csv'), csv(data.header, data.rows));
  const t = await runAe(['train', f('sensors.csv'), '--columns', 'temp,pressure,humidity', '--out', f('m'), ...fast]);
  assert.equal(t.code, 0, t.stderr);
});

test('columns are taken by name: reordered columns score the same; unrelated ones are an error', async () => {
  const order = [4, 2, 0, 3, 1]; // humidity, temp, timestamp, pressure, id
  writeFileSync(
    f('reordered.csv'),
    csv(
      order.map((i) => data.header[i]!),
      data.rows.map((r) => order.map((i) => r[i]!)),
    ),
  );
  const a = await runAe(['scan', f('sensors.csv'), '--model', f('m'), '--ndjson']);
  const b = await runAe(['scan', f('reordered.csv'), '--model', f('m'), '--ndjson']);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  assert.deepEqual(ndjson(b.stdout), ndjson(a.stdout));
  writeFileSync(f('xy.csv'), 'x,y\n1,2\n3,4\n');
  const xy = await runAe(['scan', f('xy.csv'), '--model', f('m')]);
  assert.equal(xy.code, 1);
  assert.match(
    xy.stderr,
    /xy\.csv: has no columns named "temp", "pressure", "humidity" \(the model's\); the file has "x", "y"/,
  );
});

test("without a header the model's columns are taken by position, with a note", async () => {
  writeFileSync(f('nohdr.csv'), csv(null, data.rows));
  const r = await runAe(['scan', f('nohdr.csv'), '--model', f('m'), '--ndjson']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /no header: the model's columns are taken by position/);
  const whole = ndjson((await runAe(['scan', f('sensors.csv'), '--model', f('m'), '--ndjson'])).stdout);
  assert.deepEqual(ndjson(r.stdout), whole);
});

test('--id carries the timestamp into NDJSON, the JSON document and scores.csv', async () => {
  const r = await runAe(['scan', f('sensors.csv'), '--model', f('m'), '--id', 'timestamp', '--ndjson']);
  assert.equal(r.code, 0, r.stderr);
  const recs = ndjson(r.stdout);
  assert.equal(recs.length, 600);
  assert.equal(recs[7].id, data.rows[7]![0]);
  const j = await runAe([
    'scan',
    f('sensors.csv'),
    '--model',
    f('m'),
    '--id',
    'timestamp',
    '--json',
    '--contamination',
    '0.02',
    '--out',
    f('run-id'),
  ]);
  assert.equal(j.code, 0, j.stderr);
  const doc = JSON.parse(j.stdout);
  assert.equal(doc.input.id, 'timestamp');
  assert.ok(doc.flagged.length > 0);
  for (const item of doc.flagged) assert.equal(item.id, data.rows[item.index]![0]);
  const scores = readFileSync(path.join(f('run-id'), 'scores.csv'), 'utf8').split('\n');
  assert.equal(scores[0], 'index,id,score,flagged,tail');
  assert.ok(scores[1]!.startsWith(`0,${data.rows[0]![0]},`));
});

test('a split file scanned chunk by chunk gives exactly the whole-file records', async () => {
  const whole = ndjson((await runAe(['scan', f('sensors.csv'), '--model', f('m'), '--id', 'id', '--ndjson'])).stdout);
  const got: { index: number }[] = [];
  let offset = 0;
  for (let c = 0; c < 4; c++) {
    const part = data.rows.slice(c * 150, (c + 1) * 150);
    // Each chunk carries the header, and one chunk starts with a row holding NA: a data row.
    if (c === 2) part[0] = [part[0]![0]!, part[0]![1]!, 'NA', part[0]![3]!, part[0]![4]!];
    writeFileSync(f(`part${c}.csv`), csv(data.header, part));
    const r = await runAe(['scan', f(`part${c}.csv`), '--model', f('m'), '--id', 'id', '--ndjson', '--skip-invalid']);
    assert.equal(r.code, 0, r.stderr);
    for (const rec of ndjson(r.stdout)) got.push({ ...rec, index: rec.index + offset });
    offset += part.length;
  }
  assert.equal(got.length, 600, 'one record per data line, the NA row included');
  assert.deepEqual(got[300], {
    index: 300,
    id: data.rows[300]![1],
    skipped: '"NA" is a missing value',
    column: 3,
    name: 'temp',
  });
  const strip = (recs: { index: number }[]) => recs.filter((r) => r.index !== 300);
  assert.deepEqual(strip(got), strip(whole));
});

test('blank and invalid lines are records too: index always equals the data line', async () => {
  const lines = csv(data.header, data.rows.slice(0, 20)).trim().split('\n');
  lines.splice(4, 0, ''); // a blank line: data line 3
  lines[8] = lines[8]!.replace(/,[^,]+$/, ',oops'); // invalid humidity: data line 7
  writeFileSync(f('messy.csv'), lines.join('\n') + '\n');
  const r = await runAe(['scan', f('messy.csv'), '--model', f('m'), '--ndjson', '--skip-invalid', '--id', 'id']);
  assert.equal(r.code, 0, r.stderr);
  const recs = ndjson(r.stdout);
  assert.equal(recs.length, 21);
  recs.forEach((rec, i) => assert.equal(rec.index, i));
  assert.deepEqual(recs[3], { index: 3, skipped: 'blank line' });
  assert.equal(recs[7].skipped, '"oops" is not a finite number');
  assert.equal(recs[7].column, 5, 'the invalid cell: its 1-based column');
  assert.equal(recs[7].name, 'humidity');
  assert.equal(recs[7].id, lines[8]!.split(',')[1], 'and the row id');
  assert.equal(recs[8].id, lines[9]!.split(',')[1]);
});

test('empty input with --model: exit 0, no records, a note — before TensorFlow loads', () => {
  writeFileSync(f('empty.csv'), '');
  const code = `
    import { createRequire } from 'node:module';
    const { main } = await import('./dist/cli/main.js');
    let out = '', err = '';
    const io = { stdout: { write: (s) => ((out += s), true) }, stderr: { write: (s) => ((err += s), true) }, stdin: process.stdin,
      env: {}, cwd: '.', onInterrupt: () => () => {}, setEnvDefaults: () => {}, abort: () => { throw new Error('abort'); } };
    const status = await main(['scan', ${JSON.stringify(f('empty.csv'))}, '--model', ${JSON.stringify(f('m'))}, '--ndjson'], io);
    const tf = Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('@tensorflow')).length;
    console.log(JSON.stringify({ status, out, err, tf }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const res = JSON.parse(r.stdout);
  assert.deepEqual([res.status, res.out, res.tf], [0, '', 0]);
  assert.match(res.err, /empty\.csv is empty: nothing to score/);
  const piped = spawnSync(process.execPath, ['bin/ae.js', 'scan', '-', '--model', f('m'), '--ndjson'], {
    input: '',
    encoding: 'utf8',
  });
  assert.equal(piped.status, 0, piped.stderr);
  assert.equal(piped.stdout, '');
});

/** A long single column with a daily cycle and one incident; a timestamp per row. */
function longSeries(n = 2000, incidentAt = 1400): string {
  const r = createRng(5);
  const lines = ['timestamp,value'];
  for (let i = 0; i < n; i++) {
    const v = 50 + 10 * Math.sin((2 * Math.PI * i) / 96) + r() + (i >= incidentAt && i < incidentAt + 30 ? 25 : 0);
    lines.push(`${new Date(Date.UTC(2026, 1, 1) + i * 900_000).toISOString()},${v.toFixed(3)}`);
  }
  return lines.join('\n') + '\n';
}

test('windows: ids at both ends, flagged windows merged into intervals; self-fit learns the whole file', async () => {
  writeFileSync(f('long.csv'), longSeries());
  const r = await runAe([
    'scan',
    f('long.csv'),
    '--column',
    'value',
    '--window',
    '48',
    '--stride',
    '8',
    '--id',
    'timestamp',
    '--json',
    '--contamination',
    '0.05',
    ...fast,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.ok(
    doc.flagged.every((w: { startId: string; endId: string }) => /^2026-/.test(w.startId) && /^2026-/.test(w.endId)),
  );
  assert.ok(doc.intervals.length >= 1 && doc.intervals.length < doc.flagged.length, 'overlapping windows merge');
  for (let i = 1; i < doc.intervals.length; i++)
    assert.ok(doc.intervals[i].start > doc.intervals[i - 1].end || doc.intervals[i].tail !== doc.intervals[i - 1].tail);
  const windows = doc.intervals.reduce((n: number, iv: { windows: number }) => n + iv.windows, 0);
  assert.equal(windows, doc.flagged.length);
  const incident = doc.intervals.find((iv: { start: number; end: number }) => iv.start <= 1430 && iv.end >= 1400);
  assert.ok(incident, 'the injected incident is one of the intervals');
  assert.match(incident.startId, /^2026-02-/);
});

test('self-fit validation rows are a seeded sample, recorded in the bundle; --validation last for parity', async () => {
  const { splitValidation } = await import('../../src/model/validation.js');
  const values = Float32Array.from({ length: 100 }, (_, i) => i); // 100 rows of width 1
  const random = splitValidation(values, 1, 25, 'random', 7);
  assert.equal(random.val.length, 25);
  assert.ok(Math.min(...random.val) < 50, 'validation rows come from the whole file, not its tail');
  assert.deepEqual(
    [...random.train, ...random.val].sort((a, b) => a - b),
    Array.from(values),
  );
  assert.deepEqual(Array.from(splitValidation(values, 1, 25, 'random', 7).val), Array.from(random.val), 'seeded');
  assert.deepEqual(
    Array.from(splitValidation(values, 1, 25, 'last', 7).val),
    Array.from({ length: 25 }, (_, i) => 75 + i),
  );
  const t = await runAe([
    'train',
    f('sensors.csv'),
    '--columns',
    'temp,pressure',
    '--out',
    f('m-last'),
    '--validation',
    'last',
    ...fast,
  ]);
  assert.equal(t.code, 0, t.stderr);
  assert.equal(JSON.parse(readFileSync(path.join(f('m-last'), 'ae.json'), 'utf8')).training.validation, 'last');
  assert.equal(JSON.parse(readFileSync(path.join(f('m'), 'ae.json'), 'utf8')).training.validation, 'random');
});

test('hints instead of silence', async () => {
  writeFileSync(f('one.csv'), 'value\n' + Array.from({ length: 50 }, (_, i) => i).join('\n') + '\n');
  const one = await runAe(['scan', f('one.csv')]);
  assert.equal(one.code, 2);
  assert.match(one.stderr, /one numeric column.*--column "value" --window/);
  const long = await runAe(['scan', f('one.csv'), '--column', 'value', '--window', '5000']);
  assert.equal(long.code, 1);
  assert.match(long.stderr, /--window 5000 is longer than the series \(50 values\)/);
  const epochs = await runAe(['scan', f('sensors.csv'), '--model', f('m'), '--epochs', '3']);
  assert.equal(epochs.code, 2);
  assert.match(epochs.stderr, /--epochs has no effect with --model/);
  const normal = await runAe(['train', f('sensors.csv'), '--normal', '1']);
  assert.equal(normal.code, 2);
  assert.match(normal.stderr, /--normal has no effect on a CSV file/);
  const mnist = await runAe(['train', 'mnist', '--normal', '1', '--window', '5']);
  assert.equal(mnist.code, 2);
  assert.match(mnist.stderr, /--window has no effect with 'mnist'/);
  const text = await runAe(['scan', f('sensors.csv'), '--epochs', '2']);
  assert.match(text.stderr, /column "timestamp" holds times \(dates\): taken as the id, not a feature/);
  assert.match(text.stderr, /skipping non-numeric column\(s\) id \(carry one into the outputs with --id\)/);
});

test('--labels: metrics in the JSON document and metrics.json; ROC AUC equals an independent one', async () => {
  // Labels: the odd rows (i % 97 === 50) are the anomalies.
  writeFileSync(f('sensors.labels'), data.rows.map((_, i) => (i % 97 === 50 ? '1' : '0')).join('\n') + '\n');
  const r = await runAe([
    'scan',
    f('sensors.csv'),
    '--model',
    f('m'),
    '--labels',
    f('sensors.labels'),
    '--json',
    '--out',
    f('run-labels'),
  ]);
  assert.equal(r.code, 0, r.stderr);
  const m = JSON.parse(r.stdout).metrics;
  const nd = ndjson((await runAe(['scan', f('sensors.csv'), '--model', f('m'), '--ndjson'])).stdout);
  const labels = nd.map((_, i) => (i % 97 === 50 ? 1 : 0));
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < nd.length; i++) {
    if (!labels[i]) continue;
    for (let j = 0; j < nd.length; j++) {
      if (labels[j]) continue;
      pairs++;
      wins += nd[i].score > nd[j].score ? 1 : nd[i].score === nd[j].score ? 0.5 : 0;
    }
  }
  assert.ok(Math.abs(m.rocAuc - wins / pairs) < 1e-6, `${m.rocAuc} vs ${wins / pairs}`);
  assert.equal(m.positives, 6);
  assert.equal(m.rankedBy, 'score');
  const file = JSON.parse(readFileSync(path.join(f('run-labels'), 'metrics.json'), 'utf8'));
  assert.equal(file.version, 3);
  assert.equal(file.rocAuc, m.rocAuc);
  const t = await runAe([
    'train',
    f('sensors.csv'),
    '--columns',
    'temp,pressure,humidity',
    '--labels',
    f('sensors.labels'),
    '--out',
    f('m-labels'),
    '--json',
    ...fast,
  ]);
  assert.equal(t.code, 0, t.stderr);
  assert.equal(JSON.parse(t.stdout).metrics.positives, 6);
  writeFileSync(f('short.labels'), '0\n1\n');
  const wrong = await runAe(['scan', f('sensors.csv'), '--model', f('m'), '--labels', f('short.labels')]);
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /short\.labels: has 2 label\(s\); the data has 600 scored row\(s\)/);
});

test('--score mae and --early-stopping are recorded in the bundle and applied when scanning', async () => {
  const t = await runAe([
    'train',
    f('sensors.csv'),
    '--columns',
    'temp,pressure,humidity',
    '--score',
    'mae',
    '--early-stopping',
    '2',
    '--epochs',
    '40',
    '--out',
    f('m-mae'),
    '--json',
    '--quiet',
  ]);
  assert.equal(t.code, 0, t.stderr);
  const meta = JSON.parse(readFileSync(path.join(f('m-mae'), 'ae.json'), 'utf8'));
  assert.equal(meta.score, 'mae');
  assert.equal(meta.training.earlyStopping, 2);
  assert.ok(meta.training.bestEpoch >= 1 && meta.training.bestEpoch <= meta.training.epochs);
  const summary = JSON.parse(t.stdout);
  assert.equal(summary.training.bestEpoch, meta.training.bestEpoch);
  const s = await runAe(['scan', f('sensors.csv'), '--model', f('m-mae'), '--percentile', '100', '--json']);
  assert.equal(s.code, 0, s.stderr);
  // The stored distribution is of MAE scores, and the scan scores the same way: the training
  // rows' largest score is the threshold, so at most that row reaches it.
  assert.ok(JSON.parse(s.stdout).counts.flagged <= 1);
  const noVal = await runAe(['train', f('sensors.csv'), '--early-stopping', '2', '--validation-split', '0', '--quiet']);
  assert.equal(noVal.code, 2);
  assert.match(noVal.stderr, /--early-stopping needs validation rows/);
  const withModel = await runAe(['scan', f('sensors.csv'), '--model', f('m-mae'), '--score', 'mse']);
  assert.equal(withModel.code, 2);
  assert.match(withModel.stderr, /--score has no effect with --model/);
});

test('the Keras time-series example, rebuilt: clean daily series, a jump, windows of 288, --percentile 100', async () => {
  // As NAB's artificial art_daily_small_noise / art_daily_jumpsup: 14 days of 5-minute values,
  // a square daily cycle with noise; the second file has a 5-hour jump on day 11.
  let seed = 11;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const series = (jump: boolean) => {
    const lines = ['timestamp,value'];
    for (let i = 0; i < 4032; i++) {
      const t = i % 288;
      let v = (t < 72 || t >= 216 ? 20 : 80) + rnd() * 4;
      if (jump && i >= 2980 && i < 3040) v += 60;
      lines.push(`${new Date(Date.UTC(2014, 3, 1) + i * 300_000).toISOString()},${v.toFixed(3)}`);
    }
    return lines.join('\n') + '\n';
  };
  writeFileSync(f('daily.csv'), series(false));
  writeFileSync(f('jumpsup.csv'), series(true));
  const t = await runAe([
    'train',
    f('daily.csv'),
    '--column',
    'value',
    '--window',
    '288',
    '--stride',
    '4',
    '--percentile',
    '100',
    '--out',
    f('m-daily'),
    '--epochs',
    '15',
    '--quiet',
  ]);
  assert.equal(t.code, 0, t.stderr);
  const s = await runAe(['scan', f('jumpsup.csv'), '--model', f('m-daily'), '--id', 'timestamp', '--json']);
  assert.equal(s.code, 0, s.stderr);
  const doc = JSON.parse(s.stdout);
  const touches = (w: { start: number; end: number }) => w.start < 3040 && w.end > 2980;
  assert.ok(doc.flagged.length > 0);
  // The largest training score is a tight threshold: a window next to the jump may cross it by
  // noise (seen: 0.53386 against 0.53328), as in the Keras example.
  const touching = doc.flagged.filter(touches).length;
  assert.ok(
    touching >= 0.95 * doc.flagged.length,
    `${touching} of ${doc.flagged.length} flagged windows hold part of the jump`,
  );
  const containing = doc.flagged.filter((w: { start: number; end: number }) => w.start <= 2980 && w.end >= 3040);
  assert.equal(
    containing.length,
    Math.floor((2980 - (3040 - 288)) / 4) + 1,
    'every window holding the whole jump is flagged',
  );
  const incident = doc.intervals.find((iv: { start: number; end: number }) => iv.start <= 2980 && iv.end >= 3040);
  assert.ok(incident, 'one interval covers the whole jump');
  assert.match(incident.startId, /^2014-04-1/);
});
