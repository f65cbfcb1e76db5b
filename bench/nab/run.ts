// `npm run bench:nab`: ae on the Numenta Anomaly Benchmark, scored by NAB's own scorer.
// One recipe for every data file found under DIR/data (nothing chosen per file or from labels;
// only the probationary length, NAB's rule, comes from each file's row count): each file is
// scanned by the `ae` command a user would type, and its NDJSON records become NAB's result
// file. NAB's run.py (not copied: run from DIR as a tool) optimises one threshold over all files
// and scores. Writes OUT/nab.json and prints ae's row inside the published scoreboard.
//   npm run bench:nab -- [--nab DIR] [--out DIR] [--variant NAME[,NAME]] [--seed N] [--files SUBSTR]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchPython } from '../venv.js';
import { VARIANTS, type NdjsonRecord, type Variant } from './recipe.js';

const { values: args } = parseArgs({
  options: {
    nab: { type: 'string', default: '../shared/nab' },
    out: { type: 'string', default: 'bench/out/nab' },
    variant: { type: 'string', default: 'watch' },
    seed: { type: 'string', default: '0' },
    files: { type: 'string', default: '' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  process.stdout.write(
    'npm run bench:nab -- [--nab DIR] [--out DIR] [--variant NAME[,NAME]] [--seed N] [--files SUBSTR]\n' +
      `variants: ${Object.keys(VARIANTS).join(', ')}\n`,
  );
  process.exit(0);
}
const log = (s: string) => process.stderr.write(s + '\n');
const root = process.cwd();
const nab = path.resolve(args.nab!);
const out = path.resolve(args.out!);
const seed = Number(args.seed);

function sh(cmd: string, argv: string[], cwd = root, input?: string) {
  const r = spawnSync(cmd, argv, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, NO_COLOR: '1' },
    input,
  });
  if (r.status !== 0)
    throw new Error(`${cmd} ${argv.slice(0, 4).join(' ')} … failed (${r.status}):\n${r.stderr.slice(-2000)}`);
  return r.stdout;
}

/** Every data file under DIR/data, as NAB names them: "<category>/<file>.csv". */
function dataFiles(): string[] {
  const data = path.join(nab, 'data');
  return fs
    .readdirSync(data, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      fs
        .readdirSync(path.join(data, d.name))
        .filter((f) => f.endsWith('.csv'))
        .map((f) => `${d.name}/${f}`),
    )
    .filter((f) => f.includes(args.files!))
    .sort();
}

/** NAB's probationary period: the first min(floor(0.15·N), 750) rows (NAB-README, the whitepaper). */
const probation = (rows: number) => Math.min(Math.floor(0.15 * rows), 750);

/** One file through `ae scan`, as a user types it; NAB's result file from its records. */
function runFile(name: string, variant: Variant, detector: string): void {
  const csv = path.join(nab, 'data', name);
  const text = fs.readFileSync(csv, 'utf8').trim().split(/\r?\n/);
  const rows = text.length - 1;
  const argv = [
    'bin/ae.js',
    variant.command ?? 'scan',
    csv,
    ...variant.flags(probation(rows)),
    '--seed',
    String(seed),
    '--ndjson',
    '--quiet',
  ];
  const records = sh(process.execPath, argv)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as NdjsonRecord);
  if (records.length !== rows) throw new Error(`${name}: ${records.length} records for ${rows} rows`);
  const lines = ['timestamp,value,anomaly_score,label'];
  records.forEach((r, i) => {
    const [timestamp, value] = text[i + 1]!.split(',');
    lines.push(`${timestamp},${value},${variant.score(r).toFixed(6)},0`);
  });
  const [category, file] = name.split('/');
  const dir = path.join(out, 'results', detector, category!);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${detector}_${file}`), lines.join('\n') + '\n');
}

const python = () => benchPython('nab', 'bench/nab/requirements.txt', root);

/** NAB's scorer, from its own folder (read-only: results and thresholds go to OUT). */
function score(py: string, detector: string): Record<string, number> {
  const thresholds = path.join(out, 'thresholds.json');
  if (!fs.existsSync(thresholds)) fs.copyFileSync(path.join(nab, 'config', 'thresholds.json'), thresholds);
  const common = ['--resultsDir', path.join(out, 'results'), '--thresholdsFile', thresholds, '--skipConfirmation'];
  const nullDone = fs.existsSync(path.join(out, 'results', 'null', 'null_standard_scores.csv'));
  // NAB normalises against the null detector's score, so it runs first, in this results folder.
  if (!nullDone) sh(py, ['run.py', '-d', 'null', '--detect', '--optimize', '--score', '--normalize', ...common], nab);
  const printed = sh(py, ['run.py', '-d', detector, '--optimize', '--score', '--normalize', ...common], nab);
  const final = JSON.parse(fs.readFileSync(path.join(out, 'results', 'final_results.json'), 'utf8'));
  log(printed.trim().split('\n').slice(-6).join('\n'));
  return final[detector];
}

/** The standard profile's raw score per category, summed over its files, from a scores CSV. */
function rawByCategory(file: string): Record<string, number> {
  const [head, ...rowsText] = fs.readFileSync(file, 'utf8').trim().split('\n');
  const cols = head!.split(',');
  const sums: Record<string, number> = {};
  for (const line of rowsText) {
    const c = line.split(',');
    const name = c[cols.indexOf('File')]!;
    if (!name.includes('/')) continue; // the totals row
    const cat = name.split('/')[0]!;
    sums[cat] = (sums[cat] ?? 0) + Number(c[cols.indexOf('Score')]);
  }
  return sums;
}

/**
 * Per category, normalised as NAB normalises the total (runner.py): 100 · (raw − null's raw) /
 * (perfect − null's raw), perfect = the category's labelled windows × the TP weight (1). A
 * category without windows (artificialNoAnomaly) has no scale: its raw score is given (0 = no
 * false alarm; each costs 0.11).
 */
function perCategory(detector: string): Record<string, number> {
  const ours = rawByCategory(path.join(out, 'results', detector, `${detector}_standard_scores.csv`));
  const nulls = rawByCategory(path.join(out, 'results', 'null', 'null_standard_scores.csv'));
  const windows: Record<string, number> = {};
  const labels = JSON.parse(fs.readFileSync(path.join(nab, 'labels', 'combined_windows.json'), 'utf8')) as Record<
    string,
    unknown[]
  >;
  for (const [name, w] of Object.entries(labels))
    windows[name.split('/')[0]!] = (windows[name.split('/')[0]!] ?? 0) + w.length;
  return Object.fromEntries(
    Object.entries(ours).map(([cat, raw]) => {
      const perfect = windows[cat] ?? 0;
      const base = nulls[cat] ?? 0;
      const v = perfect > 0 ? (100 * (raw - base)) / (perfect - base) : raw;
      return [cat, Number(v.toFixed(2))];
    }),
  );
}

const PUBLISHED: [string, number, number, number][] = [
  ['ARTime', 71.86, 62.51, 77.38],
  ['Numenta HTM', 69.88, 63.65, 74.13],
  ['CAD OSE', 67.64, 63.33, 71.66],
  ['Relative Entropy', 55.81, 47.65, 60.4],
  ['Random Cut Forest', 53.37, 42.61, 61.31],
  ['KNN CAD', 52.34, 40.12, 58.56],
  ['Windowed Gaussian', 30.56, 16.37, 37.28],
  ['Null', 0, 0, 0],
];

const started = Date.now();
const files = dataFiles();
const py = python();
fs.mkdirSync(out, { recursive: true });
// Variants of earlier runs into the same OUT (same seed) are kept: an ablation can be run in parts.
const previous = path.join(out, 'nab.json');
const kept = fs.existsSync(previous)
  ? (JSON.parse(fs.readFileSync(previous, 'utf8')) as { seed?: number; variants?: object })
  : {};
const report: Record<string, unknown> = {
  nab,
  files: files.length,
  seed,
  variants: kept.seed === seed ? { ...kept.variants } : {},
};
for (const name of args.variant!.split(',')) {
  const variant = VARIANTS[name];
  if (!variant) throw new Error(`no variant ${name}: ${Object.keys(VARIANTS).join(', ')}`);
  const detector = `ae${name.replace(/[^a-z0-9]/gi, '')}`; // NAB splits names at '_'
  const t0 = Date.now();
  files.forEach((f, i) => {
    runFile(f, variant, detector);
    if ((i + 1) % 10 === 0) log(`${name}: ${i + 1}/${files.length} files (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  });
  const scanSeconds = (Date.now() - t0) / 1000;
  const s = score(py, detector);
  const row = {
    standard: Number(s.standard!.toFixed(2)),
    reward_low_FP_rate: Number(s.reward_low_FP_rate!.toFixed(2)),
    reward_low_FN_rate: Number(s.reward_low_FN_rate!.toFixed(2)),
    perCategory: perCategory(detector),
    recipe: variant.describe(),
    seconds: Number(((Date.now() - t0) / 1000).toFixed(1)),
    scanSeconds: Number(scanSeconds.toFixed(1)),
  };
  (report.variants as Record<string, unknown>)[name] = row;
  log(`${name}: standard ${row.standard}, low FP ${row.reward_low_FP_rate}, low FN ${row.reward_low_FN_rate}`);
}
report.seconds = Number(((Date.now() - started) / 1000).toFixed(1));
const first = ((report.variants as Record<string, unknown>).watch ??
  (report.variants as Record<string, unknown>).recipe ??
  Object.values(report.variants as Record<string, { standard: number }>)[0]) as {
  standard: number;
  reward_low_FP_rate: number;
  reward_low_FN_rate: number;
};
// The watch's (else the recipe's) scores head the document; `seconds` stays the whole run's (a row has its own).
const {
  seconds: _rowSeconds,
  scanSeconds: _rowScan,
  ...head
} = first as typeof first & {
  seconds?: number;
  scanSeconds?: number;
};
Object.assign(report, head);
fs.writeFileSync(path.join(out, 'nab.json'), JSON.stringify({ version: 1, ...report }, null, 2) + '\n');
const rows: [string, number, number, number][] = [
  ...PUBLISHED,
  ...Object.entries(report.variants as Record<string, typeof first>).map(
    ([k, v]) =>
      [`**ae ${k}**`, v.standard, v.reward_low_FP_rate, v.reward_low_FN_rate] as [string, number, number, number],
  ),
].sort((a, b) => b[1] - a[1]);
process.stdout.write(
  `| detector (${files.length} files) | standard | reward low FP | reward low FN |\n|---|---|---|---|\n`,
);
for (const [n, a, b, c] of rows)
  process.stdout.write(`| ${n} | ${a.toFixed(2)} | ${b.toFixed(2)} | ${c.toFixed(2)} |\n`);
