// `ae watch`: the recipe with no flags on a metrics export, incidents that no glitch before them
// can hide, strict JSON in every output, incident events, the flagged-share warning.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { tempDir, writeTemp } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';
import { OPS_INCIDENTS, opsExport } from '../helpers/ops-export.js';

const dir = tempDir();
const fast = ['--epochs', '30', '--learn', '750'];
// One autoencoder per length, for tests of what the ensemble does not change (adoption, the
// denoiser, the likelihood's state, refits, clipping, streams): each learns a third as long
// (decisions #81).
const fastOne = [...fast, '--ensemble', '1'];

/** Every line parsed by JSON.parse, which refuses NaN and Infinity. */
function strictLines(text: string): Record<string, unknown>[] {
  return text
    .trim()
    .split('\n')
    .map((l, i) => {
      assert.doesNotMatch(l, /NaN|Infinity/, `line ${i + 1} holds a non-finite number: ${l}`);
      return JSON.parse(l) as Record<string, unknown>;
    });
}

/** The incident starts of NDJSON records, as data lines. */
const starts = (records: Record<string, unknown>[]) =>
  records.filter((r) => r.incident === 'start').map((r) => r.index as number);

/** Whether an incident starts within `slack` rows after `at`. */
const startsNear = (s: number[], at: number, slack = 12) => s.some((x) => x >= at && x <= at + slack);

test('ae watch on a metrics export with a time column: the spike and the deploy, found with no recipe flags', async () => {
  const file = writeTemp(dir, 'ops.csv', opsExport());
  const r = await runAe(['watch', file, ...fast, '--ndjson']);
  assert.equal(r.code, 0, r.stderr);
  const records = strictLines(r.stdout);
  assert.equal(records.length, 8 * 288, 'one record per row');
  const s = starts(records);
  assert.ok(startsNear(s, OPS_INCIDENTS.spike.start), `the spike: incidents start at ${s}`);
  assert.ok(startsNear(s, OPS_INCIDENTS.deploy.start), `the deploy: incidents start at ${s}`);
  assert.ok(
    s.every((x) => x >= 750),
    'nothing flagged while learning',
  );
  assert.match(r.stderr, /ae watch: learned from the first 750 rows; .*likelihood ≥ 0\.99999/);
  assert.match(r.stderr, /2026-03-05T11:20:00\.000Z … .*blames p99/, 'the spike, when and what');
});

for (const [what, cell] of [
  ['the uint64 maximum', '18446744073709551615'],
  ['1e30 (a score beyond float32)', '1e30'],
] as const) {
  test(`one glitch of ${what} before them hides neither incident, and every output stays strict JSON`, async () => {
    const file = writeTemp(dir, `glitch-${cell.length}.csv`, opsExport({ glitch: cell, glitchRow: 800 }));
    const out = path.join(dir, `run-${cell.length}`);
    const r = await runAe(['watch', file, ...fastOne, '--ndjson', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const records = strictLines(r.stdout);
    const s = starts(records);
    assert.ok(startsNear(s, 800, 0), `the glitch is an incident: ${s}`);
    assert.ok(startsNear(s, OPS_INCIDENTS.spike.start), `the spike still starts one: ${s}`);
    assert.ok(startsNear(s, OPS_INCIDENTS.deploy.start), `the deploy still starts one: ${s}`);
    const doc = readFileSync(path.join(out, 'ae-run.json'), 'utf8');
    assert.doesNotMatch(doc, /NaN|Infinity/);
    JSON.parse(doc);
    assert.doesNotMatch(readFileSync(path.join(out, 'scores.csv'), 'utf8'), /NaN|Infinity/);
    // The report of a watch: the likelihood under the metrics, where learning ended, the incidents.
    const series = JSON.stringify(JSON.parse(readFileSync(path.join(out, 'series.vl.json'), 'utf8')));
    assert.match(series, /"title":"1 − likelihood"/);
    assert.match(series, /flagged at likelihood ≥ 0\.99999/);
    assert.match(series, /learned ⟵ │ ⟶ watched/);
    assert.match(series, /"title":"time \(UTC\)"/);
    assert.doesNotMatch(readFileSync(path.join(out, 'histogram.vl.json'), 'utf8'), /threshold/i);
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    assert.match(html, /<h2>Incidents<\/h2>[\s\S]*data-table="incidents"/);
    assert.match(html, /<dt>likelihood threshold<\/dt><dd>0\.99999 /);
    assert.match(html, /<title>ae watch — /);
    // The clip (±30 training sds) keeps the glitch's score a number: flagged by the range rule.
    const row = records.find((x) => x.index === 800)!;
    assert.equal(typeof row.score, 'number');
    assert.equal(row.flagged, true);
  });
}

test('--no-clip: a 1e30 glitch overflows the score, and holds the long window up over the spike', async () => {
  const file = writeTemp(dir, 'glitch-noclip.csv', opsExport({ glitch: '1e30', glitchRow: 800 }));
  const r = await runAe(['watch', file, ...fastOne, '--ndjson', '--no-clip']);
  assert.equal(r.code, 0, r.stderr);
  const records = strictLines(r.stdout);
  const row = records.find((x) => x.index === 800)!;
  assert.equal(row.score, null, 'an overflowed score has no number');
  assert.equal(row.flagged, true);
  assert.match(String(row.reason), /overflows/);
  // What the clip is for: unclipped, the glitch's windows score above the spike's own.
  const s = starts(records);
  assert.ok(!startsNear(s, OPS_INCIDENTS.spike.start), `the spike is inside the glitch's incident: ${s}`);
});

test('a deploy that lifts cpu for good is one incident that ends; the leak after it is an incident of its own', async () => {
  const file = writeTemp(dir, 'ops-adopt.csv', opsExport());
  const { deploy, leak } = OPS_INCIDENTS;
  const incidents = async (more: string[]) => {
    const r = await runAe(['watch', file, ...fastOne, '--ndjson', ...more]);
    assert.equal(r.code, 0, r.stderr);
    const records = strictLines(r.stdout);
    const ends = records.filter((x) => x.incident === 'end').map((x) => x.index as number);
    return {
      s: starts(records),
      ends,
      flaggedBetween: records.slice(deploy.start + 200, leak.start).filter((x) => x.flagged).length,
    };
  };
  const adopted = await incidents([]);
  assert.ok(startsNear(adopted.s, deploy.start), `the deploy starts one: ${adopted.s}`);
  // It ends once the new level is the normal (128 rows) and the step has left the longest
  // window (256 rows: until then the discord sees a window of a shape never learned).
  assert.ok(
    adopted.ends.some((e) => e > deploy.start && e <= deploy.start + 256),
    `and it ends once the new level is the normal: ends ${adopted.ends}`,
  );
  assert.equal(adopted.flaggedBetween, 0, 'nothing flagged on the new level');
  assert.ok(startsNear(adopted.s, leak.start, 32), `the leak starts its own: ${adopted.s}`);
  // Without adoption a lasting level stays red for as long as the windows read it: with every
  // window's level (--center none; the default's centred long window reads less of it), by the
  // autoencoder alone (the discord's step-in-a-window distances widen the likelihood's history).
  const held = await incidents(['--adopt', '0', '--center', 'none', '--no-discord']);
  assert.ok(held.flaggedBetween > 100, `--adopt 0: the new level stays red (${held.flaggedBetween} flagged)`);
  assert.ok(!startsNear(held.s, leak.start, 32), `--adopt 0: the leak is lost in the deploy's incident: ${held.s}`);
});

test('--incidents: one JSON line per start and end, with ids, peak likelihood and blamed metrics', async () => {
  const file = writeTemp(dir, 'ops-events.csv', opsExport());
  const r = await runAe(['watch', file, ...fast, '--incidents']);
  assert.equal(r.code, 0, r.stderr);
  const events = strictLines(r.stdout);
  const spike = events.filter((e) => e.startId === '2026-03-05T11:20:00.000Z');
  assert.deepEqual(
    spike.map((e) => e.event),
    ['start', 'end'],
  );
  const [start, end] = spike as [Record<string, unknown>, Record<string, unknown>];
  assert.equal(start.version, 1);
  assert.equal(start.start, OPS_INCIDENTS.spike.start);
  assert.equal((start.blame as string[])[0], 'p99');
  assert.ok((end.end as number) > OPS_INCIDENTS.spike.start && typeof end.endId === 'string');
  assert.ok((end.peakLikelihood as number) >= 0.99999);
  for (let i = 1; i < events.length; i++)
    assert.notEqual(events[i]!.event, events[i - 1]!.event, 'starts and ends alternate');
});

test('a scan that flags far more than its rule expects warns, on stderr and in the JSON document', async () => {
  // A rising column (a request count with no reset and no counter's name: read as a level):
  // it leaves the range it was trained on and never comes back.
  const rows = Array.from(
    { length: 1500 },
    (_, i) => `${1_700_000_000 + 60 * i},${(40 + 5 * Math.sin(i / 20)).toFixed(2)},${i * 7}`,
  );
  const file = writeTemp(dir, 'rising.csv', 'timestamp,cpu,requests\n' + rows.join('\n') + '\n');
  const r = await runAe(['watch', file, ...fast, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  // Far more than the rule's 0.001 %: 5 % and up (the autoencoder's part flags the ramp; the
  // discord's adds little, every window of a ramp having the same z-normalised shape).
  assert.ok(doc.counts.flagged / doc.counts.scored > 0.05, `${doc.counts.flagged} of ${doc.counts.scored}`);
  assert.match(doc.warnings[0], /flagged \d+ of \d+ records .* where the rule expects about 0\.001 %/);
  assert.match(doc.warnings[0], /\d+ of them blame "\w+" most: check that column \(does it only rise/);
  assert.match(r.stderr, /ae: warning: flagged/);
});

test('watch refuses what a saved model already fixed', async () => {
  const r = await runAe(['watch', 'x.csv', '--model', dir, '--learn', '10']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--learn fits a model/);
  const noise = await runAe(['watch', 'x.csv', '--model', dir, '--input-noise', '0.1']);
  assert.equal(noise.code, 2);
  assert.match(noise.stderr, /--input-noise shapes a new model/);
  const centre = await runAe(['watch', 'x.csv', '--model', dir, '--center', 'all']);
  assert.equal(centre.code, 2);
  assert.match(centre.stderr, /--center shapes a new model/);
  const ensemble = await runAe(['watch', 'x.csv', '--model', dir, '--ensemble', '3']);
  assert.equal(ensemble.code, 2);
  assert.match(ensemble.stderr, /--ensemble shapes a new model/);
  const many = await runAe(['watch', 'x.csv', '--ensemble', 'ten']);
  assert.equal(many.code, 2);
  assert.match(many.stderr, /'ten' is not a number of autoencoders/);
  const bad = await runAe(['watch', 'x.csv', '--learn', 'ten']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--learn takes a row count, a percentage or a span of time/);
});

test('--input-noise 0.1 learns a denoising autoencoder (ae.json says so), not the plain default; both find the incidents', async () => {
  const file = writeTemp(dir, 'ops-noise.csv', opsExport());
  const saved = path.join(dir, 'denoising');
  const denoising = await runAe([
    'watch',
    file,
    ...fastOne,
    '--ndjson',
    '--quiet',
    '--input-noise',
    '0.1',
    '--out',
    saved,
  ]);
  const plain = await runAe(['watch', file, ...fastOne, '--ndjson', '--quiet']);
  assert.equal(denoising.code, 0, denoising.stderr);
  assert.equal(plain.code, 0, plain.stderr);
  assert.notEqual(denoising.stdout, plain.stdout, 'the noise changes what is learned');
  for (const r of [denoising, plain]) {
    const s = starts(strictLines(r.stdout));
    assert.ok(startsNear(s, OPS_INCIDENTS.spike.start), `the spike: incidents start at ${s}`);
    assert.ok(startsNear(s, OPS_INCIDENTS.deploy.start), `the deploy: incidents start at ${s}`);
  }
  const meta = JSON.parse(readFileSync(path.join(saved, 'ae.json'), 'utf8'));
  assert.equal(meta.training.inputNoise, 0.1);
});

test('the watch reads its longest window without its level (ae.json says so); --center none reads levels; both find the incidents', async () => {
  const file = writeTemp(dir, 'ops-centre.csv', opsExport());
  const saved = path.join(dir, 'centred');
  const centred = await runAe(['watch', file, ...fast, '--ndjson', '--quiet', '--out', saved]);
  const levels = await runAe(['watch', file, ...fast, '--ndjson', '--quiet', '--center', 'none']);
  assert.equal(centred.code, 0, centred.stderr);
  assert.equal(levels.code, 0, levels.stderr);
  assert.notEqual(centred.stdout, levels.stdout, 'taking the level out changes what is learned');
  for (const r of [centred, levels]) {
    const s = starts(strictLines(r.stdout));
    assert.ok(startsNear(s, OPS_INCIDENTS.spike.start), `the spike: incidents start at ${s}`);
    assert.ok(startsNear(s, OPS_INCIDENTS.deploy.start), `the deploy: incidents start at ${s}`);
  }
  const meta = JSON.parse(readFileSync(path.join(saved, 'ae.json'), 'utf8'));
  assert.equal(meta.input.window.center, 'longest');
  // Centred windows need version 4; the ensemble its few rows learned from get, 6 (decisions
  // #81); the train discord beside them, 7 (decisions #84).
  assert.equal(meta.input.window.ensemble, 3);
  assert.ok(meta.discord.windows > 0);
  assert.equal(meta.version, 7);
});

/** The ops export whole, and split at data line `at` into a first part and the rest (names end in `tag`). */
function splitExport(tag: string, at = 1200) {
  const [header, ...lines] = opsExport().trim().split('\n');
  const csv = (name: string, rows: string[]) =>
    writeTemp(dir, `${name}${tag}.csv`, [header, ...rows].join('\n') + '\n');
  return {
    whole: csv('whole', lines),
    first: csv('first', lines.slice(0, at)),
    rest: csv('rest', lines.slice(at)),
  };
}

test('a watch saved with --out and resumed with --model on the rest gives the records of one continuous watch', async () => {
  const { whole, first, rest } = splitExport('');
  const saved = path.join(dir, 'saved');
  const one = await runAe(['watch', whole, ...fast, '--ndjson', '--quiet']);
  const a = await runAe(['watch', first, ...fast, '--ndjson', '--quiet', '--out', saved]);
  const b = await runAe(['watch', rest, '--model', saved, '--ndjson', '--quiet']);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  assert.equal(b.stdout.split('\n')[0]!.startsWith('{"index":1200,'), true, 'numbered on from the first part');
  assert.equal(a.stdout + b.stdout, one.stdout, 'record for record, score for score');
  const other = writeTemp(dir, 'other.csv', 'time,cpu\n2026-03-10T00:00:00Z,1\n');
  const bad = await runAe(['watch', other, '--model', saved]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /other\.csv: its header .* is not the one the saved watch read/);
});

test('a watch saved averaging 10 scores into its likelihood (the default before 20) goes on averaging 10, and says so', async () => {
  const { whole, first, rest } = splitExport('10');
  const saved = path.join(dir, 'saved10');
  const ten = ['--likelihood-window', '10'];
  const one = await runAe(['watch', whole, ...fastOne, ...ten, '--ndjson', '--quiet']);
  const a = await runAe(['watch', first, ...fastOne, ...ten, '--ndjson', '--quiet', '--out', saved]);
  const b = await runAe(['watch', rest, '--model', saved, '--ndjson']);
  assert.equal(b.code, 0, b.stderr);
  assert.match(b.stderr, /the saved watch averages 10 scores into its likelihood: it goes on with 10/);
  assert.equal(a.stdout + b.stdout, one.stdout, 'record for record, as one watch averaging 10');
  const twenty = await runAe(['watch', whole, ...fastOne, '--ndjson', '--quiet']);
  assert.notEqual(twenty.stdout, one.stdout, 'the default (20) is another likelihood');
});

test('--relearn refits at exact rows on the rows judged normal; the bundle names the refit; a resumed watch refits as a continuous one', async () => {
  const { whole, first, rest } = splitExport('-r', 1800);
  const [plainDir, oneDir, firstDir] = ['r-plain', 'r-one', 'r-first'].map((d) => path.join(dir, d)) as [
    string,
    string,
    string,
  ];
  const plain = await runAe(['watch', whole, ...fastOne, '--ndjson', '--quiet', '--out', plainDir]);
  const one = await runAe(['watch', whole, ...fastOne, '--relearn', '--ndjson', '--quiet', '--out', oneDir]);
  const a = await runAe(['watch', first, ...fastOne, '--relearn', '--ndjson', '--quiet', '--out', firstDir]);
  const b = await runAe(['watch', rest, '--model', firstDir, '--ndjson']);
  for (const r of [plain, one, a, b]) assert.equal(r.code, 0, r.stderr);
  // Learned from rows 0–749; refits after 750 more (row 1499) and after 1,500 more (row 2249):
  // the first on one side of the split, the second on the other.
  assert.equal(a.stdout + b.stdout, one.stdout, 'record for record, refits included');
  assert.match(
    b.stderr,
    /refitted 2 time\(s\) \(every 750 rows\)/,
    'the whole watch: one refit before the split, one after',
  );
  const p = plain.stdout.trim().split('\n');
  const o = one.stdout.trim().split('\n');
  assert.deepEqual(o.slice(0, 1500), p.slice(0, 1500), 'the learned model scores until the first refit');
  assert.notDeepEqual(o.slice(1500, 1600), p.slice(1500, 1600), 'a refitted model scores after it');
  const meta = JSON.parse(readFileSync(path.join(oneDir, 'ae.json'), 'utf8'));
  assert.equal(meta.relearned.count, 2);
  assert.equal(meta.relearned.recent, 750, 'the 750 newest windows judged normal');
  const state = JSON.parse(readFileSync(path.join(oneDir, 'watch-state.json'), 'utf8'));
  assert.deepEqual([state.version, state.relearn.count, state.relearn.since], [2, 2, 2304 - 2250]);
  assert.equal(JSON.parse(readFileSync(path.join(plainDir, 'watch-state.json'), 'utf8')).version, 1);
  const refused = await runAe(['watch', whole, '--model', plainDir, '--relearn']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /was not saved by a watch started with --relearn/);
});

test('ae watch - learns from the first rows of a stream, then records come as rows arrive', async () => {
  const { spawn } = await import('node:child_process');
  const [header, ...lines] = opsExport().trim().split('\n');
  const child = spawn(process.execPath, ['bin/ae.js', 'watch', '-', ...fastOne, '--ndjson', '--quiet'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  let exited = false;
  child.on('exit', () => (exited = true));
  after(() => child.kill()); // a failed assertion must not leave it waiting on its open input
  child.stdin.write([header, ...lines.slice(0, 900)].join('\n') + '\n');
  // The writer pauses with the input still open: the records of what arrived must be out.
  const deadline = Date.now() + 60_000;
  while (out.split('\n').length - 1 < 900 && !exited && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  assert.equal(out.split('\n').length - 1, 900, `every row that arrived has its record before the input ends\n${err}`);
  child.stdin.end(lines.slice(900).join('\n') + '\n');
  const code = await new Promise((r) => child.on('close', r));
  assert.equal(code, 0);
  const file = await runAe([
    'watch',
    writeTemp(dir, 'same.csv', [header, ...lines].join('\n') + '\n'),
    ...fastOne,
    '--ndjson',
    '--quiet',
  ]);
  assert.equal(out, file.stdout, 'a live watch gives the records of a watch of the same file');
});

test('incident events of epoch times add ISO times beside the ids', async () => {
  const file = path.join(dir, 'metrics.csv');
  const g = await runAe(['generate', 'metrics', '--days', '8', '--out', file, '--quiet']);
  assert.equal(g.code, 0, g.stderr);
  const r = await runAe(['watch', file, ...fast, '--incidents', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const events = strictLines(r.stdout);
  const start = events.find((e) => e.event === 'start' && e.startId === String(1767225600 + 300 * (6 * 288 + 120)));
  assert.ok(start, `the generated incident starts an event: ${r.stdout.slice(0, 400)}`);
  assert.equal(start.startTime, new Date((1767225600 + 300 * (6 * 288 + 120)) * 1000).toISOString());
});

test('ae watch on a timestamp,value file with no flags at all: the jump is one incident', async () => {
  // NAB's shape: 14 days of 5-minute rows, a daily cycle, its amplitude up for 14 hours on day 12.
  const rows = Array.from({ length: 4032 }, (_, i) => {
    const jump = i >= 3276 && i < 3444 ? 2 : 1;
    const v = 50 + 20 * jump * Math.sin((2 * Math.PI * i) / 288) + 2 * Math.sin(i * 12.9898);
    return `${new Date(Date.UTC(2014, 3, 1) + i * 300_000).toISOString().replace('T', ' ').slice(0, 19)},${v.toFixed(3)}`;
  });
  const file = writeTemp(dir, 'jump.csv', 'timestamp,value\n' + rows.join('\n') + '\n');
  const r = await runAe(['watch', file, '--incidents']);
  assert.equal(r.code, 0, r.stderr);
  const starts = strictLines(r.stdout).filter((e) => e.event === 'start');
  assert.equal(starts.length, 1, r.stdout);
  assert.ok((starts[0]!.start as number) >= 3276 && (starts[0]!.start as number) < 3444, `${starts[0]!.start}`);
});

test('the relative scores: a quiet metric that breaks is flagged and named first, beside a noisy one', async () => {
  // "noisy" is white noise (its error in training is its whole spread); "quiet" a smooth cycle
  // the autoencoder learns, which from row 1,500 drifts by a fraction of its own range.
  let seed = 7;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  const rows = Array.from({ length: 2000 }, (_, i) => {
    const quiet = Math.sin(i / 10) + (i >= 1500 && i < 1530 ? 0.6 : 0);
    return `${1_774_000_000 + 60 * i},${(10 * rand()).toFixed(3)},${quiet.toFixed(4)}`;
  });
  const file = writeTemp(dir, 'quiet.csv', 'ts,noisy,quiet\n' + rows.join('\n') + '\n');
  const watch = (...more: string[]) =>
    // One autoencoder per length and no discord: the bundle's version below is the score's, not
    // an ensemble's or a discord's.
    runAe([
      'watch',
      file,
      '--learn',
      '1000',
      '--window',
      '40,20',
      '--ensemble',
      '1',
      '--no-discord',
      '--epochs',
      '40',
      '--ndjson',
      ...more,
    ]);
  const saved = path.join(dir, 'quiet-mae');
  const [relative, absolute, mse] = await Promise.all([
    watch(),
    watch('--score', 'relative-mae', '--out', saved),
    watch('--score', 'mse'),
  ]);
  type Rec = { index: number; flagged: boolean; explain?: { name: string }[] };
  for (const r of [relative, absolute]) {
    assert.equal(r.code, 0, r.stderr);
    const records = strictLines(r.stdout) as unknown as Rec[];
    const inShift = records.filter((rec) => rec.flagged && rec.index >= 1500 && rec.index < 1540);
    assert.ok(inShift.length > 0, 'the shift of the quiet metric is flagged');
    assert.ok(
      inShift.every((r) => r.explain?.[0]?.name === 'quiet'),
      JSON.stringify(inShift.map((r) => r.explain?.map((e) => e.name))),
    );
  }
  assert.notEqual(relative.stdout, absolute.stdout, 'absolute errors are another score');
  const meta = JSON.parse(readFileSync(path.join(saved, 'ae.json'), 'utf8'));
  assert.equal(meta.score, 'relative-mae');
  assert.equal(meta.version, 5, 'an older ae must not score it as the squared relative score');
  // The MSE weighs the noisy metric's usual error alike: it blames "noisy" first somewhere.
  const mseFlagged = (strictLines(mse.stdout) as unknown as Rec[]).filter(
    (r) => r.flagged && r.index >= 1500 && r.index < 1540,
  );
  assert.ok(
    mseFlagged.length === 0 || mseFlagged.some((r) => r.explain?.[0]?.name === 'noisy'),
    `the MSE named: ${JSON.stringify(mseFlagged.map((r) => r.explain?.[0]?.name))}`,
  );
});

test('a series constant while learning (every training error 0): every record is strict JSON, the step is flagged', async () => {
  const rows = Array.from({ length: 1000 }, (_, i) => `${1_774_000_000 + 300 * i},${i < 900 ? 5 : 6}`);
  const file = writeTemp(dir, 'flat.csv', 'ts,value\n' + rows.join('\n') + '\n');
  const r = await runAe(['watch', file, '--learn', '500', '--epochs', '5', '--ndjson']);
  assert.equal(r.code, 0, r.stderr);
  const records = strictLines(r.stdout);
  assert.ok(records.every((x) => x.likelihood === null || typeof x.likelihood === 'number'));
  assert.ok(startsNear(starts(records), 900, 2), `incidents start at ${starts(records)}`);
});
