// Metric exports as they really are (issue: counters, gaps, order, hosts, missing values): each
// case that used to pass silently into a wrong answer now says what it is and how to fix it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tempDir, writeTemp } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';

const dir = tempDir();

test('repeated header names are read as a, a.1 (noted), so a model finds each of its columns again', async () => {
  const rows = Array.from({ length: 60 }, (_, i) =>
    [Math.sin(i / 3), 5 + Math.cos(i / 3), 10 + Math.sin(i / 4), 20 + Math.cos(i / 4)]
      .map((v) => v.toFixed(3))
      .join(','),
  );
  const file = writeTemp(dir, 'dup.csv', 'a,a,b,b\n' + rows.join('\n') + '\n');
  const model = path.join(dir, 'dup-model');
  const t = await runAe(['train', file, '--epochs', '20', '--out', model, '--json']);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stderr, /the header repeats names; read column 2 \("a"\) as "a\.1", column 4 \("b"\) as "b\.1"/);
  const bundle = JSON.parse(readFileSync(path.join(model, 'ae.json'), 'utf8'));
  assert.deepEqual(
    bundle.input.columns.map((c: { name: string }) => c.name),
    ['a', 'a.1', 'b', 'b.1'],
  );
  // The same file scanned with that model: its training rows, judged as in training (1 % flagged).
  const s = await runAe(['scan', file, '--model', model, '--json', '--quiet']);
  assert.equal(s.code, 0, s.stderr);
  assert.ok(JSON.parse(s.stdout).counts.flagged <= 2, s.stdout.slice(0, 300));
});

test('NaN, NA, null, N/A and - are missing values: refused with the row, column and --impute, or filled', async () => {
  const rows = Array.from({ length: 60 }, (_, i) => [i, (40 + Math.sin(i / 5)).toFixed(2), (i % 7) + 1].join(','));
  for (const [k, token] of ['NaN', 'NA', 'null', 'N/A', '-'].entries()) rows[10 + k] = `${10 + k},${token},3`;
  rows[0] = '0,NA,1'; // the first data row: its column is still a number column
  const file = writeTemp(dir, 'missing.csv', 'time,cpu,load\n' + rows.join('\n') + '\n');
  const r = await runAe(['train', file, '--epochs', '1', '--quiet', '--out', path.join(dir, 'never')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /missing\.csv: row 2, column 2 \("cpu"\): "NA" is a missing value/);
  assert.match(r.stderr, /--impute fills missing values/);
  const filled = await runAe([
    'train',
    file,
    '--impute',
    'median',
    '--epochs',
    '1',
    '--json',
    '--out',
    path.join(dir, 'filled'),
  ]);
  assert.equal(filled.code, 0, filled.stderr);
  assert.match(filled.stderr, /filled 6 missing cell/);
  const scanned = await runAe(['scan', file, '--model', path.join(dir, 'filled'), '--json']);
  assert.equal(scanned.code, 0, scanned.stderr);
  assert.match(scanned.stderr, /filled 6 missing cell\(s\) with the model's stored median/);
  assert.equal(JSON.parse(scanned.stdout).input.filled, 6);
});

/** `n` rows of epoch seconds every 5 minutes and a daily-ish cpu; `skip` data lines left out. */
function epochRows(n: number, skip: number[] = []): string[] {
  return Array.from({ length: n }, (_, i) => i)
    .filter((i) => !skip.includes(i))
    .map(
      (i) =>
        `${1_774_000_000 + 300 * i},${(40 + 10 * Math.sin(i / 12)).toFixed(2)},${(60 + Math.cos(i / 9)).toFixed(2)}`,
    );
}

test('a time column with a missing row is still time; gaps are reported with the longest and where', async () => {
  const rows = epochRows(
    400,
    [3, 200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, 214, 215, 216, 217],
  );
  const file = writeTemp(dir, 'gaps.csv', 'ts,cpu,mem\n' + rows.join('\n') + '\n');
  const r = await runAe([
    'scan',
    file,
    '--window',
    '12',
    '--per-row',
    '--train-first',
    '150',
    '--epochs',
    '3',
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /column "ts" holds times \(epoch seconds, step 300\): taken as the id/);
  assert.match(r.stderr, /times step 5 min; 2 gap\(s\), the longest 95 min after 1774059700 \(data line 198\)/);
  const doc = JSON.parse(r.stdout);
  assert.deepEqual(doc.input.names, ['cpu', 'mem'], 'the time column is no feature');
  assert.equal(doc.time.gaps, 2);
  assert.equal(doc.time.longestGap.ms, 19 * 300_000);
});

test('a file newest first is refused with the fix; rows out of order and repeated times are warned of', async () => {
  const rows = epochRows(120);
  const reversed = writeTemp(dir, 'newest-first.csv', 'ts,cpu,mem\n' + [...rows].reverse().join('\n') + '\n');
  const r = await runAe(['watch', reversed, '--epochs', '2']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /newest-first\.csv: its rows run newest first \(column 1, "ts", falls\)/);
  assert.match(r.stderr, /tail -n \+2 .*newest-first\.csv \| tac\) > oldest-first\.csv/);
  // Two hosts' rows interleaved: every time twice.
  const twice = rows.flatMap((row) => [row, row.replace(/,(\d+\.\d+),/, (_, v) => `,${(Number(v) + 1).toFixed(2)},`)]);
  const swapped = [...twice];
  [swapped[150], swapped[160]] = [swapped[160]!, swapped[150]!];
  const file = writeTemp(dir, 'hosts.csv', 'ts,cpu,mem\n' + swapped.join('\n') + '\n');
  const w = await runAe(['watch', file, '--epochs', '2', '--learn', '100', '--id', 'ts', '--json']);
  assert.equal(w.code, 0, w.stderr);
  const warnings = JSON.parse(w.stdout).warnings.join('\n');
  assert.match(warnings, /row\(s\) go back in time \(the first: data line 151/);
  assert.match(warnings, /\d+ row\(s\) repeat the time of the row before: several series in one file\?/);
});

test('a counter (errors_total, resetting on restart) is read as its increase; the bundle says so and scans read it alike', async () => {
  // 2 errors a minute on average, a restart at row 700 (the counter starts again from 0).
  let total = 0;
  const rows = Array.from({ length: 1200 }, (_, i) => {
    total = i === 700 ? 0 : total + ((i * 7) % 5);
    return `${1_774_000_000 + 60 * i},${(40 + 10 * Math.sin(i / 30)).toFixed(2)},${total}`;
  });
  const file = writeTemp(dir, 'counter.csv', 'ts,cpu,errors_total\n' + rows.join('\n') + '\n');
  const out = path.join(dir, 'counter-run');
  const w = await runAe(['watch', file, '--learn', '400', '--epochs', '30', '--out', out, '--json']);
  assert.equal(w.code, 0, w.stderr);
  assert.match(w.stderr, /"errors_total" is a counter \(only rising, but for resets\): read as the increase per row/);
  const doc = JSON.parse(w.stdout);
  assert.ok(
    doc.counts.flagged / doc.counts.scored < 0.02,
    `read as levels, most rows were flagged: ${doc.counts.flagged}`,
  );
  assert.equal(doc.warnings, undefined);
  const bundle = JSON.parse(readFileSync(path.join(out, 'ae.json'), 'utf8'));
  // A counter needs version 2 (an older ae would read it as a level); the watch's relative score
  // 3; its centred longest window 4 (an older ae would feed the network levels); the ensemble of
  // its few rows learned from 6 (an older ae would centre one member of the longest length); its
  // train discord 7 (an older ae would score without it, against thresholds of the fused score).
  assert.equal(bundle.score, 'relative');
  assert.equal(bundle.input.window.center, 'longest');
  assert.equal(bundle.input.window.ensemble, 3);
  assert.ok(bundle.discord.windows > 0);
  assert.equal(bundle.version, 7, 'an older ae must read neither the counter as a level nor the score as an MSE');
  assert.deepEqual(
    bundle.input.columns.map((c: { name: string; counter?: boolean }) => [c.name, c.counter === true]),
    [
      ['cpu', false],
      ['errors_total', true],
    ],
  );
  // Told it is not one, it is a level again: far more flagged.
  const asLevel = await runAe([
    'watch',
    file,
    '--learn',
    '400',
    '--epochs',
    '30',
    '--not-counter',
    'errors_total',
    '--json',
    '--quiet',
  ]);
  assert.ok(JSON.parse(asLevel.stdout).counts.flagged > 5 * doc.counts.flagged);
});

test('--group-by instance: each host its own series; every file line one record, tagged; every host gets its incident', async () => {
  const { opsExport, OPS_INCIDENTS } = await import('../helpers/ops-export.js');
  const a = opsExport({ seed: 1, days: 5 }).trim().split('\n');
  const b = opsExport({ seed: 2, days: 5 }).trim().split('\n');
  // As exported: an errors_total counter that restarts, a 100-minute scrape gap, empty and NA cells.
  const lines = ['timestamp,instance,cpu,mem,rps,p99,errors_total'];
  let errors = 0;
  for (let i = 1; i < a.length; i++) {
    if (i >= 300 && i < 320) continue;
    errors = i === 900 ? 0 : errors + (i % 3);
    const [ta, ...ra] = a[i]!.split(',');
    const [tb, ...rb] = b[i]!.split(',');
    if (i === 500) ra[1] = '';
    if (i === 510) rb[2] = 'NA';
    const web2 = rb.map((v, k) => (k === 0 ? (Number(v) + 20).toFixed(2) : v));
    lines.push([ta, 'web-1', ...ra, errors].join(','), [tb, 'web-2', ...web2, 2 * errors].join(','));
  }
  const file = writeTemp(dir, 'hosts.csv', lines.join('\n') + '\n');
  const r = await runAe(['watch', file, '--group-by', 'instance', '--learn', '750', '--epochs', '30', '--ndjson']);
  assert.equal(r.code, 0, r.stderr);
  const records = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { index: number; group: string; incident?: string });
  assert.equal(records.length, lines.length - 1);
  assert.deepEqual(
    records.map((x) => x.index).sort((p, q) => p - q),
    records.map((_, i) => i),
    'each file line once',
  );
  assert.ok(records.every((x) => x.group === (x.index % 2 ? 'web-2' : 'web-1')));
  const starts = (g: string) => records.filter((x) => x.group === g && x.incident === 'start').map((x) => x.index);
  // The spike's row of each host as a file line: two rows a time step, 20 steps of gap before it.
  const spike = 2 * (OPS_INCIDENTS.spike.start - 20);
  assert.ok(
    starts('web-1').some((x) => x >= spike && x <= spike + 12),
    `web-1: ${starts('web-1')}`,
  );
  assert.ok(
    starts('web-2').some((x) => x >= spike + 1 && x <= spike + 13),
    `web-2: ${starts('web-2')}`,
  );
  assert.match(r.stderr, /\[web-1\] 1420 rows, learned from the first 750: \d+ incident/);
  assert.match(r.stderr, /\[instance web-1\] note: "errors_total" is a counter/);
  assert.match(r.stderr, /\[instance web-2\] note: times step 5 min; 1 gap\(s\), the longest 105 min/);
  assert.match(r.stderr, /\[instance web-2\] note: filled 1 missing cell/);
});

test('--impute with a part learned from first: fill values from that part only, stored in the bundle', async () => {
  // cpu near 10 while learning, near 100 after: the file's median would be neither.
  const rows = Array.from(
    { length: 400 },
    (_, i) => `${1_774_000_000 + 60 * i},${(i < 200 ? 10 : 100) + Math.sin(i)},${i % 2 ? '' : 5}`,
  );
  rows[10] = `${1_774_000_000 + 600},,5`;
  const file = writeTemp(dir, 'part.csv', 'ts,cpu,load\n' + rows.join('\n') + '\n');
  const out = path.join(dir, 'part-run');
  const r = await runAe([
    'scan',
    file,
    '--window',
    '8',
    '--per-row',
    '--train-first',
    '200',
    '--impute',
    'median',
    '--epochs',
    '2',
    '--out',
    out,
    '--quiet',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const bundle = JSON.parse(readFileSync(path.join(out, 'ae.json'), 'utf8'));
  const [cpu, load] = bundle.input.impute.values as number[];
  assert.ok(Math.abs(cpu! - 10) < 1.5, `cpu filled with ${cpu}, the learned part's median is ~10`);
  assert.equal(load, 5);
});

test('a model knows its time column: a stream of three rows still carries its times as ids', async () => {
  const rows = epochRows(200);
  const file = writeTemp(dir, 'timed.csv', 'ts,cpu,mem\n' + rows.join('\n') + '\n');
  const model = path.join(dir, 'timed-model');
  const t = await runAe(['train', file, '--epochs', '2', '--out', model, '--quiet']);
  assert.equal(t.code, 0, t.stderr);
  assert.equal(JSON.parse(readFileSync(path.join(model, 'ae.json'), 'utf8')).input.time, 'ts');
  const three = 'ts,cpu,mem\n' + rows.slice(0, 3).join('\n') + '\n';
  const s = await runAe(['scan', '-', '--model', model, '--ndjson', '--quiet'], { stdin: three });
  assert.equal(s.code, 0, s.stderr);
  const ids = s.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l).id);
  assert.deepEqual(ids, ['1774000000', '1774000300', '1774000600']);
});

test('numbers are decimal: 0x1A, 0b101, 0o17, 1_000 and a Unicode minus are refused, naming the cell and the fix', async () => {
  const base = Array.from({ length: 30 }, (_, i) => `${i},${i % 5}`);
  for (const [cell, message] of [
    ['0x1A', /"0x1A" is hexadecimal, binary or octal: ae reads decimal numbers only/],
    ['0b101', /"0b101" is hexadecimal, binary or octal/],
    ['0o17', /"0o17" is hexadecimal, binary or octal/],
    ['1_000', /"1_000" has digit separators: write it as 1000/],
    ['\u22125', /starts with a Unicode minus or dash: write it as -5/],
  ] as const) {
    const rows = [...base];
    rows[3] = `3,${cell}`;
    const file = writeTemp(dir, `cells-${cell.length}-${cell.charCodeAt(1)}.csv`, 'a,b\n' + rows.join('\n') + '\n');
    const r = await runAe(['train', file, '--epochs', '1', '--quiet', '--out', path.join(dir, 'never')]);
    assert.equal(r.code, 1, cell);
    assert.match(r.stderr, /row 5, column 2 \("b"\): /);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /--encode onehot/, 'not a text column');
  }
});

test('--per-row with a model of rows is refused (it would do nothing)', async () => {
  const file = writeTemp(
    dir,
    'rows.csv',
    'a,b,c\n' + Array.from({ length: 40 }, (_, i) => `${i % 3},${i % 5},${i % 7}`).join('\n') + '\n',
  );
  const model = path.join(dir, 'rows-model');
  assert.equal((await runAe(['train', file, '--epochs', '1', '--out', model, '--quiet'])).code, 0);
  const r = await runAe(['scan', file, '--model', model, '--per-row']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--per-row goes with windows; this model reads rows/);
});

test('metrics against labels print to 6 significant digits, as scores do', async () => {
  const series = path.join(dir, 'sines.csv');
  const labels = path.join(dir, 'sines-labels.csv');
  assert.equal(
    (await runAe(['generate', 'sines', '--out', series, '--labels', labels, '--noisy', '300', '--quiet'])).code,
    0,
  );
  const r = await runAe(['scan', series, '--epochs', '2', '--labels', labels, '--json', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const numbers = JSON.stringify(JSON.parse(r.stdout).metrics).match(/-?\d+\.\d+(e-?\d+)?/g) ?? [];
  assert.ok(numbers.length > 5);
  for (const n of numbers) assert.ok(n.replace(/^-?0\.0*|\.|e.*$/g, '').length <= 6, `${n} has more than 6 digits`);
});

test('--group-by with --out, then --model on the rest: a folder per group, and the records of one continuous watch', async () => {
  const { opsExport } = await import('../helpers/ops-export.js');
  const a = opsExport({ seed: 3, days: 3 }).trim().split('\n');
  const b = opsExport({ seed: 4, days: 3 }).trim().split('\n');
  const lines = [`timestamp,instance,${a[0]!.split(',').slice(1).join(',')}`];
  for (let i = 1; i < a.length; i++) {
    const [ta, ...ra] = a[i]!.split(',');
    const [tb, ...rb] = b[i]!.split(',');
    lines.push([ta, 'web/1', ...ra].join(','), [tb, 'web-2', ...rb].join(','));
  }
  const [header, ...rows] = lines;
  const whole = writeTemp(dir, 'g-whole.csv', lines.join('\n') + '\n');
  const first = writeTemp(dir, 'g-first.csv', [header, ...rows.slice(0, 900)].join('\n') + '\n');
  const rest = writeTemp(dir, 'g-rest.csv', [header, ...rows.slice(900)].join('\n') + '\n');
  const saved = path.join(dir, 'g-saved');
  const common = ['--group-by', 'instance', '--learn', '200', '--epochs', '5', '--ndjson', '--quiet'];
  const one = await runAe(['watch', whole, ...common]);
  const x = await runAe(['watch', first, ...common, '--out', saved]);
  const y = await runAe(['watch', rest, ...common.filter((f) => f !== '--learn' && f !== '200'), '--model', saved]);
  for (const r of [one, x, y]) assert.equal(r.code, 0, r.stderr);
  // A folder per group (a name made safe, with a hash, where the key is not one), each a watch's.
  const sub = readdirSync(saved).filter((f) => !f.endsWith('.json'));
  assert.equal(sub.length, 2);
  assert.ok(sub.includes('web-2') && sub.some((d) => /^web_1-[0-9a-f]{6}$/.test(d)), sub.join(', '));
  for (const d of sub) for (const f of ['ae.json', 'watch-state.json', 'report.html']) statSync(path.join(saved, d, f));
  const sorted = (out: string) =>
    out
      .trim()
      .split('\n')
      .sort((p, q) => JSON.parse(p).index - JSON.parse(q).index);
  assert.deepEqual(sorted(x.stdout + y.stdout), sorted(one.stdout), 'record for record, numbered on');
  // A group the saved watch never saw learns from its own first rows, as a new watch would.
  const fresh = b.slice(1).map((l) => l.replace(/^([^,]*),/, '$1,web-3,'));
  const third = writeTemp(dir, 'g-third.csv', [header, ...fresh].join('\n') + '\n');
  const z = await runAe(['watch', third, '--group-by', 'instance', '--model', saved, '--epochs', '5', '--json']);
  assert.equal(z.code, 0, z.stderr);
  assert.match(z.stderr, /\[instance web-3\] no model for this group in .*: learning from its first rows/);
  const [group] = JSON.parse(z.stdout).input.groups;
  assert.equal(group.key, 'web-3');
  assert.equal(group.learnedLines, Math.floor(0.15 * fresh.length), "a file's watch: the first 15 %");
});
