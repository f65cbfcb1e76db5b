// `npm run bench`: ae's speed next to in-run baselines. Every ratio compares numbers measured
// in this one run on this machine. Prints a table (stderr) and writes JSON (--out FILE).
//   npm run bench -- [--epochs N] [--repeats N] [--mb SIZE] [--out FILE] [--skip train,scan,score,help]
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createNormal, createRng } from '../src/data/rng.js';
import { tensorflowEnv } from '../src/model/backend-settings.js';

const { values: args } = parseArgs({
  options: {
    epochs: { type: 'string', default: '5' },
    repeats: { type: 'string', default: '3' },
    mb: { type: 'string', default: '200' },
    out: { type: 'string', default: 'bench/out/bench.json' },
    skip: { type: 'string', default: '' },
  },
});
const skip = new Set(args.skip!.split(',').filter(Boolean));
const work = path.resolve('bench/out');
mkdirSync(work, { recursive: true });
const log = (s: string) => process.stderr.write(s + '\n');

/** ae's settings (as its CLI applies them) vs what `require('@tensorflow/tfjs-node')` gives a user with no settings. */
const AE_ENV = tensorflowEnv('score');
const AE_TRAIN_ENV = tensorflowEnv('train');
const DEFAULT_ENV = { TF_CPP_MIN_LOG_LEVEL: '2' };

function child(cmd: string[], env: Record<string, string>, stdout: 'pipe' | 'ignore' = 'pipe') {
  const base = { ...process.env };
  for (const k of ['TF_ENABLE_ONEDNN_OPTS', 'TF_NUM_INTRAOP_THREADS', 'TF_NUM_INTEROP_THREADS']) delete base[k];
  const t0 = performance.now();
  const r = spawnSync(cmd[0]!, cmd.slice(1), {
    env: { ...base, ...env },
    encoding: 'utf8',
    stdio: ['ignore', stdout, 'pipe'],
    maxBuffer: 1 << 26,
  });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed: ${r.stderr}`);
  const rss = /AE_BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr ?? '');
  const anon = /AE_BENCH_PEAK_ANON_KB=(\d+)/.exec(r.stderr ?? '');
  return {
    stdout: r.stdout ?? '',
    wall,
    maxRssKb: rss ? Number(rss[1]) : null,
    peakAnonKb: anon ? Number(anon[1]) : null,
  };
}

const tsx = (script: string, ...rest: string[]) => [process.execPath, '--import', 'tsx', script, ...rest];
const results: Record<string, unknown> = {
  machine: {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  },
  date: new Date().toISOString(),
};

if (!skip.has('train')) {
  const train: Record<string, unknown> = {};
  for (const config of ['series', 'mnist']) {
    const run = (impl: string, env: Record<string, string>) =>
      JSON.parse(child(tsx('bench/train-child.ts', config, impl, args.epochs!), env).stdout);
    // This machine's timings wander ±20 % between runs: take each contender's median of
    // `--repeats` runs, interleaved so that a slow spell hits all of them alike.
    const runs: Record<string, { secondsPerEpoch: number; loss: number }[]> = { ae: [], fit: [], fitSame: [] };
    for (let i = 0; i < Number(args.repeats); i++) {
      runs.ae!.push(run('ae', AE_TRAIN_ENV));
      runs.fit!.push(run('fit', DEFAULT_ENV));
      runs.fitSame!.push(run('fit', AE_TRAIN_ENV));
    }
    const median = (xs: { secondsPerEpoch: number; loss: number }[]) =>
      [...xs].sort((a, b) => a.secondsPerEpoch - b.secondsPerEpoch)[Math.floor(xs.length / 2)]!;
    const ae = median(runs.ae!);
    const fitDefault = median(runs.fit!);
    const fitSameEnv = median(runs.fitSame!);
    train[config] = {
      aeSecondsPerEpoch: ae.secondsPerEpoch,
      fitSecondsPerEpoch: fitDefault.secondsPerEpoch,
      fitSameEnvSecondsPerEpoch: fitSameEnv.secondsPerEpoch,
      ratioVsFit: ae.secondsPerEpoch / fitDefault.secondsPerEpoch,
      ratioVsFitSameEnv: ae.secondsPerEpoch / fitSameEnv.secondsPerEpoch,
      finalLoss: { ae: ae.loss, fit: fitDefault.loss, fitSameEnv: fitSameEnv.loss },
      allSecondsPerEpoch: Object.fromEntries(
        Object.entries(runs).map(([k, v]) => [k, v.map((r) => r.secondsPerEpoch)]),
      ),
    };
    log(
      `train ${config}: ae ${ae.secondsPerEpoch.toFixed(3)} s/epoch; model.fit ${fitDefault.secondsPerEpoch.toFixed(3)} (default env) / ${fitSameEnv.secondsPerEpoch.toFixed(3)} (ae's env)`,
    );
  }
  results.train = train;
}

if (!skip.has('scan')) {
  const csv = path.join(work, `scan-${args.mb}mb.csv`);
  const target = Number(args.mb) * 1e6;
  if (!existsSync(csv) || Math.abs(statSync(csv).size - target) > target * 0.05) {
    log(`writing ${csv} (~${args.mb} MB)`);
    const rand = createNormal(createRng(3));
    const out = createWriteStream(csv);
    let written = 0;
    while (written < target) {
      let chunk = '';
      for (let r = 0; r < 1000; r++)
        chunk +=
          Array.from({ length: 100 }, (_, i) => (Math.sin((2 * Math.PI * i) / 99) + 0.5 * rand()).toFixed(5)).join(
            ',',
          ) + '\n';
      written += chunk.length;
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((r) => out.end(() => r()));
  }
  const model = path.join(work, 'scan-model');
  if (!existsSync(path.join(model, 'ae.json'))) {
    const small = path.join(work, 'train-small.csv');
    child([process.execPath, 'bin/ae.js', 'generate', 'sines', '--normal', '2000', '--out', small, '--force'], AE_ENV);
    child(
      [process.execPath, 'bin/ae.js', 'train', small, '--epochs', '2', '--out', model, '--force', '--quiet'],
      AE_ENV,
    );
  }
  const mb = statSync(csv).size / 1e6;
  const scanWith = (backend: string, file: string) =>
    child(
      [
        process.execPath,
        '--import',
        './bench/rss-hook.mjs',
        'bin/ae.js',
        'scan',
        file,
        '--model',
        model,
        '--ndjson',
        '--quiet',
        '--backend',
        backend,
      ],
      AE_ENV,
      'ignore',
    );
  // Medians of `--repeats` runs, interleaved like the training runs.
  const parses: { rows: number; seconds: number; maxRssKb: number }[] = [];
  const fullScans: Record<string, ReturnType<typeof child>[]> = { tensorflow: [], wasm: [] };
  for (let i = 0; i < Number(args.repeats); i++) {
    parses.push(JSON.parse(child([process.execPath, 'bench/parse-child.mjs', csv], {}).stdout));
    for (const backend of Object.keys(fullScans)) fullScans[backend]!.push(scanWith(backend, csv));
  }
  const parse = [...parses].sort((a, b) => a.seconds - b.seconds)[Math.floor(parses.length / 2)]!;
  // Memory must not grow with the file: each scan is repeated on a tenth of it.
  const tenth = path.join(work, `scan-${args.mb}mb-tenth.csv`);
  if (!existsSync(tenth)) {
    const text = readFileSync(csv, 'utf8');
    writeFileSync(tenth, text.slice(0, text.lastIndexOf('\n', Math.floor(text.length / 10)) + 1));
  }
  // …and on the file four times over (concatenated: same rows, 4× the bytes).
  const quad = path.join(work, `scan-${args.mb}mb-x4.csv`);
  if (!existsSync(quad) || statSync(quad).size !== 4 * statSync(csv).size) {
    const tmp = quad + '.tmp';
    writeFileSync(tmp, '');
    for (let i = 0; i < 4; i++) appendFileSync(tmp, readFileSync(csv));
    renameSync(tmp, quad);
  }
  const byBackend: Record<string, unknown> = {};
  for (const backend of Object.keys(fullScans)) {
    // Median speed; the peak memory is the worst of the runs.
    const runs = [...fullScans[backend]!].sort((a, b) => a.wall - b.wall);
    const scan = {
      ...runs[Math.floor(runs.length / 2)]!,
      maxRssKb: Math.max(...runs.map((r) => r.maxRssKb ?? 0)),
      peakAnonKb: Math.max(...runs.map((r) => r.peakAnonKb ?? 0)),
    };
    const small = scanWith(backend, tenth);
    const large = scanWith(backend, quad);
    // What loading the backend alone costs (ae info loads it and reads no data).
    const idle = child(
      [process.execPath, '--import', './bench/rss-hook.mjs', 'bin/ae.js', 'info', '--json', '--backend', backend],
      AE_ENV,
    );
    byBackend[backend] = {
      MBps: mb / scan.wall,
      rowsPerSecond: parse.rows / scan.wall,
      ratio: mb / scan.wall / (mb / parse.seconds),
      peakRssMB: (scan.maxRssKb ?? 0) / 1024,
      peakAnonMB: (scan.peakAnonKb ?? 0) / 1024,
      tenthFilePeakRssMB: (small.maxRssKb ?? 0) / 1024,
      tenthFilePeakAnonMB: (small.peakAnonKb ?? 0) / 1024,
      fourTimesFilePeakRssMB: (large.maxRssKb ?? 0) / 1024,
      fourTimesFilePeakAnonMB: (large.peakAnonKb ?? 0) / 1024,
      backendLoadedRssMB: (idle.maxRssKb ?? 0) / 1024,
      rssAboveBackendMB: ((scan.maxRssKb ?? 0) - (idle.maxRssKb ?? 0)) / 1024,
    };
    log(
      `scan (${backend}): ${(mb / scan.wall).toFixed(1)} MB/s, peak RSS ${((scan.maxRssKb ?? 0) / 1024).toFixed(0)} MB (1/10 file: ${((small.maxRssKb ?? 0) / 1024).toFixed(0)} MB, 4× file: ${((large.maxRssKb ?? 0) / 1024).toFixed(0)} MB)`,
    );
  }
  results.scan = {
    fileMB: mb,
    rows: parse.rows,
    papaparseMBps: mb / parse.seconds,
    papaparsePeakRssMB: parse.maxRssKb / 1024,
    backends: byBackend,
  };
  log(`bare papaparse: ${(mb / parse.seconds).toFixed(1)} MB/s`);
}

if (!skip.has('score')) {
  const score: Record<string, { rowsPerSecond: number; mnistRowsPerSecond: number }> = {};
  for (const backend of ['tensorflow', 'wasm']) {
    score[backend] = JSON.parse(child(tsx('bench/score-child.ts', backend), AE_ENV).stdout);
    log(
      `score (${backend}): ${Math.round(score[backend]!.rowsPerSecond)} rows/s in memory (series model), ${Math.round(score[backend]!.mnistRowsPerSecond)} (MNIST model)`,
    );
  }
  results.score = score;
}

if (!skip.has('help')) {
  const times = Array.from({ length: 7 }, () => child([process.execPath, 'bin/ae.js', '--help'], {}).wall).sort(
    (a, b) => a - b,
  );
  results.help = { medianSeconds: times[3], minSeconds: times[0] };
  log(`ae --help: median ${times[3]!.toFixed(3)} s`);
}

mkdirSync(path.dirname(path.resolve(args.out!)), { recursive: true });
writeFileSync(args.out!, JSON.stringify({ version: 1, ...results }, null, 2) + '\n');
printTable(results);

function printTable(r: Record<string, any>): void {
  const rows: string[][] = [['measure', 'ae', 'baseline', 'ratio', 'target']];
  const f = (v: number, d = 3) => v.toFixed(d);
  for (const c of ['series', 'mnist']) {
    const t = r.train?.[c];
    if (!t) continue;
    rows.push([
      `train ${c}, s/epoch`,
      f(t.aeSecondsPerEpoch),
      `${f(t.fitSecondsPerEpoch)} model.fit`,
      f(t.ratioVsFit, 2),
      c === 'series' ? '≤ 0.40' : '≤ 0.90',
    ]);
    rows.push([
      `  vs model.fit in ae's env`,
      f(t.aeSecondsPerEpoch),
      f(t.fitSameEnvSecondsPerEpoch),
      f(t.ratioVsFitSameEnv, 2),
      '',
    ]);
  }
  if (r.scan) {
    rows.push([
      `bare papaparse parse, MB/s (${f(r.scan.fileMB, 0)} MB file)`,
      '',
      `${f(r.scan.papaparseMBps, 1)} (peak RSS ${f(r.scan.papaparsePeakRssMB, 0)} MB)`,
      '',
      '',
    ]);
    for (const [backend, b] of Object.entries<any>(r.scan.backends)) {
      rows.push([
        `scan --model (${backend}), MB/s`,
        f(b.MBps, 1),
        `${f(r.scan.papaparseMBps, 1)} papaparse`,
        f(b.ratio, 2),
        '≥ 0.80',
      ]);
      rows.push([`  rows/s`, String(Math.round(b.rowsPerSecond)), '', '', '']);
      rows.push([
        `  peak RSS MB`,
        f(b.peakRssMB, 0),
        `1/10 file: ${f(b.tenthFilePeakRssMB, 0)}, 4×: ${f(b.fourTimesFilePeakRssMB, 0)}`,
        '',
        '< 300',
      ]);
      rows.push([`  backend loaded, no data, MB`, f(b.backendLoadedRssMB, 0), '(ae info)', '', '']);
      rows.push([
        `  peak anonymous MB`,
        f(b.peakAnonMB, 0),
        `1/10 file: ${f(b.tenthFilePeakAnonMB, 0)}, 4×: ${f(b.fourTimesFilePeakAnonMB, 0)}`,
        '',
        '',
      ]);
    }
  }
  for (const [backend, sc] of Object.entries<any>(r.score ?? {})) {
    rows.push([
      `score in memory (${backend}), rows/s`,
      String(Math.round(sc.rowsPerSecond)),
      `MNIST model: ${Math.round(sc.mnistRowsPerSecond)}`,
      '',
      '',
    ]);
  }
  if (r.help) rows.push(['ae --help, s', f(r.help.medianSeconds), '', '', '< 0.30']);
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) => '| ' + row.map((c, i) => (c ?? '').padEnd(w[i]!)).join(' | ') + ' |';
  const out = [line(rows[0]!), '|' + w.map((n) => '-'.repeat(n + 2)).join('|') + '|', ...rows.slice(1).map(line)];
  process.stdout.write(out.join('\n') + '\n');
}
