// Bad input, broken models, unwritable outputs: one table, each case checked for its exit
// code, its one-line message, and that no output (not even a temporary one) is left behind.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { tempDir } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';

const dir = tempDir();
const f = (name: string) => path.join(dir, name);
const good =
  Array.from({ length: 60 }, (_, r) => Array.from({ length: 6 }, (_, c) => Math.sin(r + c).toFixed(3)).join(',')).join(
    '\n',
  ) + '\n';
const model = f('model');
const fast = ['--epochs', '2', '--quiet'];

before(async () => {
  writeFileSync(f('good.csv'), good);
  const r = await runAe(['train', f('good.csv'), '--out', model, ...fast]);
  assert.equal(r.code, 0, r.stderr);
  const broken = (name: string, edit: (d: string) => void) => {
    cpSync(model, f(name), { recursive: true });
    edit(f(name));
  };
  broken('m-nometa', (d) => rmSync(path.join(d, 'ae.json')));
  broken('m-noweights', (d) => rmSync(path.join(d, 'weights.bin')));
  broken('m-newer', (d) => {
    const m = JSON.parse(readFileSync(path.join(d, 'ae.json'), 'utf8'));
    writeFileSync(path.join(d, 'ae.json'), JSON.stringify({ ...m, version: 8 }));
  });
  broken('m-norelative', (d) => {
    const m = JSON.parse(readFileSync(path.join(d, 'ae.json'), 'utf8'));
    writeFileSync(path.join(d, 'ae.json'), JSON.stringify({ ...m, version: 3, score: 'relative' }));
  });
  broken('m-trunc', (d) =>
    writeFileSync(path.join(d, 'weights.bin'), readFileSync(path.join(d, 'weights.bin')).subarray(0, 100)),
  );
  broken('m-badjson', (d) => writeFileSync(path.join(d, 'model.json'), '{"modelTopology": '));
  broken('m-shapes', (d) => {
    const m = JSON.parse(readFileSync(path.join(d, 'ae.json'), 'utf8'));
    m.architecture.layers = [6, 4, 2, 4, 6];
    writeFileSync(path.join(d, 'ae.json'), JSON.stringify(m));
  });
});

interface Case {
  name: string;
  file?: [string, string | Buffer];
  argv: string[];
  code: number;
  message: RegExp;
}

const cases: Case[] = [
  {
    name: 'missing file',
    argv: ['scan', f('nope.csv'), '--model', model],
    code: 1,
    message: /nope\.csv: no such file/,
  },
  {
    name: 'directory given as file',
    argv: ['scan', dir, '--model', model],
    code: 1,
    message: /is a directory, not a file/,
  },
  {
    name: 'empty file (nothing to train on)',
    file: ['empty.csv', ''],
    argv: ['scan', f('empty.csv')],
    code: 1,
    message: /empty\.csv: file is empty/,
  },
  {
    name: 'header only (nothing to train on)',
    file: ['hdr.csv', 'a,b,c,d,e,f\n'],
    argv: ['scan', f('hdr.csv')],
    code: 1,
    message: /hdr\.csv: no data rows \(only a header\)/,
  },
  {
    name: 'too few fields',
    file: ['few.csv', '1,2,3,4,5,6\n1,2,3\n'],
    argv: ['scan', f('few.csv'), '--model', model],
    code: 1,
    message: /few\.csv: row 2: has 3 fields, expected 6/,
  },
  {
    name: 'too many fields',
    file: ['many.csv', '1,2,3,4,5,6\n1,2,3,4,5,6,7\n'],
    argv: ['scan', f('many.csv'), '--model', model],
    code: 1,
    message: /row 2: has 7 fields, expected 6/,
  },
  {
    name: 'non-numeric cell',
    file: ['text.csv', 'a,b,c,d,e,f\n1,2,3,4,5,6\n1,2,x,4,5,6\n'],
    argv: ['scan', f('text.csv'), '--model', model],
    code: 1,
    message: /text\.csv: row 3, column 3 \("c"\): "x" is not a finite number/,
  },
  {
    name: 'NaN cell',
    file: ['nan.csv', '1,2,3,4,5,6\n1,NaN,3,4,5,6\n'],
    argv: ['scan', f('nan.csv'), '--model', model],
    code: 1,
    message: /row 2, column 2: "NaN" is a missing value/,
  },
  {
    name: 'Inf cell',
    file: ['inf.csv', '1,2,3,4,5,6\n1,2,3,4,5,-Infinity\n'],
    argv: ['scan', f('inf.csv'), '--model', model],
    code: 1,
    message: /row 2, column 6: "-Infinity" is not a finite number/,
  },
  {
    name: 'empty cell',
    file: ['hole.csv', '1,2,3,4,5,6\n1,2,,4,5,6\n'],
    argv: ['scan', f('hole.csv'), '--model', model],
    code: 1,
    message: /row 2, column 3: is empty/,
  },
  {
    name: 'binary input',
    file: ['bin.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 10])],
    argv: ['scan', f('bin.csv'), '--model', model],
    code: 1,
    message: /bin\.csv: looks like binary data/,
  },
  {
    name: 'not UTF-8 (latin-1)',
    file: ['latin.csv', Buffer.from('a,b,c,d,e,f\n1,2,3,4,5,6\ncaf\xe9,1,2,3,4,5\n', 'latin1')],
    argv: ['scan', f('latin.csv'), '--model', model],
    code: 1,
    message: /latin\.csv: row 3: is not valid UTF-8 text.*iconv -f latin1 -t utf-8 .*latin\.csv/s,
  },
  {
    name: 'space-delimited',
    file: ['spaces.csv', '1 2 3 4 5 6\n2 3 4 5 6 7\n3 4 5 6 7 8\n'],
    argv: ['train', f('spaces.csv'), '--epochs', '1', '--out', f('spaces-run')],
    code: 1,
    message: /no numeric columns.*separated by spaces or tabs: convert with tr/s,
  },
  {
    name: 'unterminated quote',
    file: ['quote.csv', '1,2,3,4,5,6\n"1,2,3,4,5,6\n'],
    argv: ['scan', f('quote.csv'), '--model', model],
    code: 1,
    message: /quote\.csv: row \d+: .*quote/i,
  },
  {
    name: 'width mismatch',
    file: ['narrow.csv', '1,2,3\n4,5,6\n'],
    argv: ['scan', f('narrow.csv'), '--model', model],
    code: 1,
    message: /narrow\.csv: has 3 columns, no header; the model was trained on 6 columns, which it takes by position/,
  },
  {
    name: 'window size mismatch',
    file: ['long.csv', 'v\n' + '1\n'.repeat(30)],
    argv: ['scan', f('long.csv'), '--model', model, '--column', 'v', '--window', '5'],
    code: 2,
    message: /the model reads rows of 6 columns, not windows \(leave out --window/,
  },
  {
    name: 'a file given as the model folder',
    argv: ['scan', f('good.csv'), '--model', f('good.csv')],
    code: 1,
    message: /good\.csv is a file, not a model folder \(give the folder written by ae train --out\)/,
  },
  {
    name: '--digit and --normal are one option: they must agree',
    argv: ['train', 'mnist', '--digit', '1', '--normal', '2'],
    code: 2,
    message: /--digit 1 and --normal 2 disagree/,
  },
  {
    name: 'generate: --normal is the old name of --noisy; both given, they must agree',
    argv: ['generate', 'sines', '--noisy', '5', '--normal', '6'],
    code: 2,
    message: /--normal 6 and --noisy 5 disagree/,
  },
  {
    name: '--digit is the normal digit: not also an anomaly',
    argv: ['train', 'mnist', '--digit', '3', '--anomalies', '3,5'],
    code: 2,
    message: /--anomalies 3,5 holds the normal digit 3/,
  },
  {
    name: '--idx-dir that does not exist',
    argv: ['train', 'mnist', '--normal', '1', '--idx-dir', f('no-idx'), '--out', f('idx-run')],
    code: 1,
    message: /no-idx: does not exist/,
  },
  {
    name: 'a report of a folder that does not exist',
    argv: ['report', f('nope')],
    code: 1,
    message: /nope: does not exist/,
  },
  {
    name: "commander's errors in ae's style, pointing at the subcommand's help",
    argv: ['scan', f('good.csv'), '--threshold', 'abc'],
    code: 2,
    message: /^ae: error: option '--threshold <x>' argument 'abc' is invalid[^]*\(run 'ae scan --help' for usage\)/,
  },
  {
    name: 'bundle: no ae.json',
    argv: ['scan', f('good.csv'), '--model', f('m-nometa')],
    code: 1,
    message: /m-nometa\/ae\.json is missing/,
  },
  {
    name: 'bundle: no weights',
    argv: ['scan', f('good.csv'), '--model', f('m-noweights')],
    code: 1,
    message: /m-noweights\/weights\.bin is missing/,
  },
  {
    name: 'bundle: newer version',
    argv: ['scan', f('good.csv'), '--model', f('m-newer')],
    code: 1,
    message: /bundle version 8; this ae reads up to 7 \(upgrade ae\)/,
  },
  {
    name: 'bundle: a relative score without its baselines',
    argv: ['scan', f('good.csv'), '--model', f('m-norelative')],
    code: 1,
    message: /m-norelative\/ae\.json has score 'relative' without a valid 'relative' \(metrics, baseline\)/,
  },
  {
    name: 'bundle: truncated weights',
    argv: ['scan', f('good.csv'), '--model', f('m-trunc')],
    code: 1,
    message: /weights\.bin has 100 bytes; model\.json describes \d+/,
  },
  {
    name: 'bundle: damaged model.json',
    argv: ['scan', f('good.csv'), '--model', f('m-badjson')],
    code: 1,
    message: /model\.json is not valid JSON/,
  },
  {
    name: 'bundle: shapes disagree',
    argv: ['scan', f('good.csv'), '--model', f('m-shapes')],
    code: 1,
    message: /describes layers 6-4-2-4-6 but the weights are 6x3, 3x2/,
  },
  {
    name: 'usage: unknown command',
    argv: ['frobnicate'],
    code: 2,
    message: /unknown command 'frobnicate'[\s\S]*--help/,
  },
  {
    name: 'usage: unknown option',
    argv: ['scan', f('good.csv'), '--frob'],
    code: 2,
    message: /unknown option '--frob'/,
  },
  {
    name: 'usage: --threshold abc',
    argv: ['scan', f('good.csv'), '--threshold', 'abc'],
    code: 2,
    message: /'abc' is not a number/,
  },
  {
    name: 'usage: negative epochs',
    argv: ['train', f('good.csv'), '--epochs', '-1'],
    code: 2,
    message: /must be at least 1/,
  },
  {
    name: 'usage: contamination out of range',
    argv: ['scan', f('good.csv'), '--contamination', '0.7'],
    code: 2,
    message: /must be at most 0\.5/,
  },
  {
    name: 'usage: --percentile above 100',
    argv: ['train', f('good.csv'), '--percentile', '100.5'],
    code: 2,
    message: /must be at most 100/,
  },
  {
    name: 'usage: two automatic rules',
    argv: ['train', f('good.csv'), '--sigma', '3', '--contamination', '0.1'],
    code: 2,
    message: /option '--contamination <f>' cannot be used with option '--sigma <k>'/,
  },
  {
    name: 'usage: --json with --ndjson',
    argv: ['scan', f('good.csv'), '--json', '--ndjson', '--model', model],
    code: 2,
    message: /option '--json' cannot be used with option '--ndjson'/,
  },
  {
    name: 'usage: --tail without a rule (and no model whose rule it could take)',
    argv: ['scan', f('good.csv'), '--tail', 'both', '--epochs', '1'],
    code: 2,
    message: /--tail goes with/,
  },
  {
    name: 'output under a file',
    argv: ['train', f('good.csv'), '--out', path.join(f('good.csv'), 'run'), ...fast],
    code: 1,
    message: /cannot write .*good\.csv\/run/,
  },
];

for (const c of cases) {
  test(`error: ${c.name}`, async () => {
    if (c.file) writeFileSync(f(c.file[0]), c.file[1]);
    const before = readdirSync(dir).sort();
    const r = await runAe(c.argv);
    assert.equal(r.code, c.code, r.stderr);
    assert.match(r.stderr, c.message);
    assert.equal(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.includes('error')).length,
      1,
      `one error line: ${r.stderr}`,
    );
    assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
    assert.equal(r.stdout, '');
    assert.deepEqual(readdirSync(dir).sort(), before, 'no files created');
  });
}

test('generate sines: --noisy N and its old name --normal N write the same file', async () => {
  const a = await runAe(['generate', 'sines', '--noisy', '7', '--low-noise', '1', '--cosines', '1']);
  const b = await runAe(['generate', 'sines', '--normal', '7', '--low-noise', '1', '--cosines', '1']);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(a.stdout.trim().split('\n').length, 9);
  assert.equal(b.stdout, a.stdout);
});

test('--skip-invalid scans the good rows and reports the skipped ones by index', async () => {
  writeFileSync(f('mixed.csv'), '1,2,3,4,5,6\n1,x,3,4,5,6\n1,2,3,4,5,6\n1,2\n1,2,3,4,5,6\n');
  const r = await runAe(['scan', f('mixed.csv'), '--model', model, '--skip-invalid', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.deepEqual(doc.input.skipped, [1, 3]);
  assert.equal(doc.counts.scored, 3);
  assert.equal(doc.counts.skipped, 2);
});

test('BOM, CRLF, quoted fields and .csv.gz are read like the plain file', async () => {
  const plain = await runAe(['scan', f('good.csv'), '--model', model, '--ndjson']);
  const crlf =
    '\uFEFF' +
    good
      .trim()
      .split('\n')
      .map((l) =>
        l
          .split(',')
          .map((v) => `"${v}"`)
          .join(','),
      )
      .join('\r\n') +
    '\r\n';
  writeFileSync(f('fancy.csv'), crlf);
  writeFileSync(f('good.csv.gz'), gzipSync(good));
  for (const file of ['fancy.csv', 'good.csv.gz']) {
    const r = await runAe(['scan', f(file), '--model', model, '--ndjson']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, plain.stdout, file);
  }
});

test("an existing output is never replaced without --force, and a folder that is not ae's never", async () => {
  const out = f('keep');
  mkdirSync(out);
  writeFileSync(path.join(out, 'mine.txt'), 'precious');
  for (const force of [[], ['--force']]) {
    const r = await runAe(['train', f('good.csv'), '--out', out, ...force, ...fast]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /keep exists and is not an ae run folder; ae never replaces it, --force or not/);
    assert.equal(readFileSync(path.join(out, 'mine.txt'), 'utf8'), 'precious');
  }
  const run = f('run-folder');
  const first = await runAe(['train', f('good.csv'), '--out', run, ...fast]);
  assert.equal(first.code, 0, first.stderr);
  assert.ok(existsSync(path.join(run, 'ae-run.json')), "run folders carry ae's marker");
  const again = await runAe(['train', f('good.csv'), '--out', run, ...fast]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /run-folder already exists \(pass --force to replace it\)/);
  const forced = await runAe(['train', f('good.csv'), '--out', run, '--force', ...fast]);
  assert.equal(forced.code, 0, forced.stderr);
  assert.ok(existsSync(path.join(run, 'ae.json')));
  assert.ok(!readdirSync(dir).some((n) => n.startsWith('.ae-tmp')));
});

test('--out is never an input: the data file or the model is not replaced', async () => {
  const data = f('data-copy.csv');
  writeFileSync(data, readFileSync(f('good.csv')));
  const before = readFileSync(data, 'utf8');
  for (const argv of [
    ['scan', data, '--model', model, '--out', data, '--force'],
    ['scan', f('good.csv'), '--model', model, '--out', model, '--force'],
    ['train', data, '--out', data, '--force', ...fast],
  ]) {
    const r = await runAe(argv);
    assert.equal(r.code, 1, argv.join(' '));
    assert.match(r.stderr, /is an input of this run/, argv.join(' '));
  }
  assert.equal(readFileSync(data, 'utf8'), before);
  assert.ok(existsSync(path.join(model, 'ae.json')));
});

test('disk full and read-only: a clear error and no partial output', async (t) => {
  const mnt = f('tiny');
  mkdirSync(mnt);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', mnt], { stdio: 'ignore' });
  } catch {
    t.skip('needs permission to mount a small tmpfs (root)');
    return;
  }
  try {
    const r = await runAe(['train', f('good.csv'), '--out', path.join(mnt, 'run'), ...fast]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot write .*tiny\/run: no space left on device/);
    assert.deepEqual(readdirSync(mnt), []);
    // Read-only: the closest to "permission denied" a root test run can get.
    execFileSync('mount', ['-o', 'remount,ro', mnt]);
    const ro = await runAe(['generate', 'sines', '--normal', '10', '--out', path.join(mnt, 'x.csv')]);
    assert.equal(ro.code, 1);
    assert.match(ro.stderr, /cannot write .*tiny\/x\.csv: read-only file system/);
    assert.deepEqual(readdirSync(mnt), []);
  } finally {
    execFileSync('umount', [mnt]);
  }
});
