// `npm run bench:detect`: ae against simple baselines on ASD, SMD and the UCR archive (and NAB,
// through bench:nab), with the protocols' own metrics. One recipe for every entity — the command
// a user types, `ae watch ENTITY.csv --learn TRAIN_ROWS --ndjson` with watch's defaults — where
// only the protocol's training part differs; labels are read by evaluate.py, only to score.
// The baselines are computed in the same run. Writes OUT/detect.json (docs/benchmarks.md).
//   npm run bench:detect -- [--data DIR] [--out DIR] [--only asd,smd,ucr,nab] [--seed N]
//                           [--ucr-max-length N] [--flags='…'] [--entities SUBSTR]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { serverEntities, ucrEntities, readText, type ServerEntity, type UcrEntity } from './entities.js';
import { benchPython } from '../venv.js';
import { hitRate, parseInterpretation, type ExplainedRecord } from './hitrate.js';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/benchmarks' },
    nab: { type: 'string', default: '../shared/nab' },
    out: { type: 'string', default: 'bench/out/detect' },
    only: { type: 'string', default: 'asd,smd,ucr,nab' },
    seed: { type: 'string', default: '0' },
    'ucr-max-length': { type: 'string', default: '50000' },
    flags: { type: 'string', default: '' },
    entities: { type: 'string', default: '' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  process.stdout.write(
    "npm run bench:detect -- [--data DIR] [--nab DIR] [--out DIR] [--only asd,smd,ucr,nab] [--seed N] [--ucr-max-length N] [--flags='…'] [--entities SUBSTR]\n",
  );
  process.exit(0);
}
const log = (s: string) => process.stderr.write(s + '\n');
const root = process.cwd();
const data = path.resolve(args.data!);
const out = path.resolve(args.out!);
const only = new Set(args.only!.split(','));
const seed = Number(args.seed);
const extra = args.flags!.split(/\s+/).filter(Boolean);
const EXPLAIN_K = 3;

interface Rec extends ExplainedRecord {
  score: number | null;
  likelihood?: number | null;
}

/** The user's command on one entity; its records, one per row. */
function watch(csv: string, learn: number): Rec[] {
  const argv = ['bin/ae.js', 'watch', csv, '--learn', String(learn), '--seed', String(seed), ...extra];
  const r = spawnSync(process.execPath, [...argv, '--ndjson', '--quiet'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (r.status !== 0) throw new Error(`ae ${argv.slice(1).join(' ')} failed (${r.status}):\n${r.stderr.slice(-2000)}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Rec);
}

/** The records' scores and likelihoods from row `from` on, one per line (empty: not scored). */
function writeScores(dir: string, name: string, records: Rec[], from: number): Record<string, string> {
  fs.mkdirSync(dir, { recursive: true });
  const files = { ae: path.join(dir, `${name}.score`), aeLikelihood: path.join(dir, `${name}.likelihood`) };
  const rows = records.slice(from);
  fs.writeFileSync(files.ae, rows.map((r) => r.score ?? 'nan').join('\n') + '\n');
  fs.writeFileSync(files.aeLikelihood, rows.map((r) => r.likelihood ?? 'nan').join('\n') + '\n');
  return files;
}

function python(): string {
  const py = benchPython('detect', 'bench/detect/requirements.txt', root);
  // TSB-AD's own metric code when the index has it (not on this machine: decisions #66).
  spawnSync(py, ['-m', 'pip', 'install', '--quiet', '--no-deps', '--retries', '0', 'tsb-ad'], {
    stdio: 'ignore',
    timeout: 120_000,
  });
  return py;
}

function evaluate(py: string, job: object): { vusSource: string; perEntity: Record<string, Record<string, unknown>> } {
  const r = spawnSync(py, [path.join(root, 'bench/detect/evaluate.py')], {
    input: JSON.stringify(job),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`evaluate.py failed (${r.status})`);
  return JSON.parse(r.stdout);
}

const mean = (xs: number[]) => Number((xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(4));
type PR = { 'AUC-PR': number; 'VUS-PR': number };

function meanPR(per: Record<string, Record<string, unknown>>, key: string): PR {
  const rows = Object.values(per).map((e) => e[key] as PR);
  return { 'AUC-PR': mean(rows.map((r) => r['AUC-PR'])), 'VUS-PR': mean(rows.map((r) => r['VUS-PR'])) };
}

function serverBenchmark(py: string, name: string) {
  const entities = serverEntities(path.join(data, name), path.join(out, 'work', name)).filter((e) =>
    e.name.includes(args.entities!),
  );
  if (!entities.length) throw new Error(`no entities of ${name} in ${path.join(data, name)} (--data DIR)`);
  const hits: Record<string, { hitRate: number | null; rows: number }> = {};
  const seconds: Record<string, number> = {};
  const jobs = entities.map((e: ServerEntity) => {
    const t0 = Date.now();
    const records = watch(e.csv, e.trainRows);
    seconds[e.name] = Number(((Date.now() - t0) / 1000).toFixed(1));
    if (records.length !== e.trainRows + e.testRows) throw new Error(`${e.name}: ${records.length} records`);
    if (e.interpretation)
      hits[e.name] = hitRate(records, parseInterpretation(readText(e.interpretation)), EXPLAIN_K, e.trainRows);
    log(`${name} ${e.name}: ${seconds[e.name]} s`);
    const scores = writeScores(path.join(out, 'scores', name), e.name, records, e.trainRows);
    return { name: e.name, train: e.train, test: e.test, labels: e.labels, scores };
  });
  const { vusSource, perEntity } = evaluate(py, { benchmark: name, entities: jobs });
  for (const [k, v] of Object.entries(perEntity)) Object.assign(v, { seconds: seconds[k], explain: hits[k] });
  const explained = Object.values(hits).filter((h) => h.hitRate !== null);
  return {
    entities: entities.length,
    ae: meanPR(perEntity, 'ae'),
    aeLikelihood: meanPR(perEntity, 'aeLikelihood'),
    baselines: Object.fromEntries(['zscoreMax', 'zscoreMean', 'pca'].map((b) => [b, meanPR(perEntity, b)])),
    explain: {
      k: EXPLAIN_K,
      hitRate: explained.length ? mean(explained.map((h) => h.hitRate!)) : null,
      rows: explained.reduce((s, h) => s + h.rows, 0),
    },
    vusSource,
    perEntity,
  };
}

function ucrBenchmark(py: string) {
  const maxLength = Number(args['ucr-max-length']);
  const { kept, left } = ucrEntities(path.join(data, 'ucr'), path.join(out, 'work', 'ucr'), maxLength);
  const entities = kept.filter((e) => e.name.includes(args.entities!));
  if (!entities.length) throw new Error(`no UCR series in ${path.join(data, 'ucr')} (--data DIR)`);
  const jobs = entities.map((e: UcrEntity, i) => {
    const records = watch(e.csv, e.train_end);
    if ((i + 1) % 10 === 0) log(`ucr: ${i + 1}/${entities.length} series`);
    const { csv: _csv, ...job } = e;
    return { ...job, scores: writeScores(path.join(out, 'scores', 'ucr'), e.name, records, 0) };
  });
  const { perEntity } = evaluate(py, { benchmark: 'ucr', entities: jobs });
  const share = (k: string) => mean(Object.values(perEntity).map((e) => (e[k] ? 1 : 0)));
  return {
    entities: entities.length,
    rule: `series of at most ${maxLength} points (${left.length} longer left out, for ae and the baselines alike)`,
    ae: { accuracy: share('ae') },
    aeLikelihood: { accuracy: share('aeLikelihood') },
    baselines: { diff: { accuracy: share('diff') }, discord: { accuracy: share('discord') } },
    perEntity,
  };
}

function nabBenchmark() {
  const dir = path.join(out, 'nab');
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'bench/nab/run.ts', '--nab', args.nab!, '--out', dir, '--seed', String(seed)],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (r.status !== 0) throw new Error('bench:nab failed');
  const nab = JSON.parse(fs.readFileSync(path.join(dir, 'nab.json'), 'utf8'));
  return { files: nab.files, ae: { standard: nab.standard }, published: { numentaHTM: 69.88 }, nabJson: dir };
}

const started = Date.now();
fs.mkdirSync(out, { recursive: true });
const py = python();
const benchmarks: Record<string, unknown> = {};
const timed = (name: string, run: () => unknown) => {
  const t0 = Date.now();
  const result = run();
  if (result) benchmarks[name] = { ...(result as object), seconds: Number(((Date.now() - t0) / 1000).toFixed(1)) };
  log(`${name}: done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
};
if (only.has('asd')) timed('asd', () => serverBenchmark(py, 'asd'));
if (only.has('smd')) timed('smd', () => serverBenchmark(py, 'smd'));
if (only.has('ucr')) timed('ucr', () => ucrBenchmark(py));
if (only.has('nab')) timed('nab', nabBenchmark);
const document = {
  version: 1,
  benchmarks,
  recipe: {
    command: `ae watch ENTITY.csv --learn TRAIN_ROWS --seed ${seed}${extra.length ? ' ' + extra.join(' ') : ''} --ndjson`,
    score: "ae: each row's record score; aeLikelihood: its likelihood",
    seed,
  },
  seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
};
fs.writeFileSync(path.join(out, 'detect.json'), JSON.stringify(document, null, 2) + '\n');
process.stdout.write(table(document.benchmarks));

function table(b: Record<string, any>): string {
  const f = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(3));
  const rows: string[] = [
    '| benchmark | ae | ae likelihood | z-score max | z-score mean | PCA |',
    '|---|---|---|---|---|---|',
  ];
  for (const k of ['asd', 'smd'])
    if (b[k])
      rows.push(
        `| ${k} (${b[k].entities}) AUC-PR / VUS-PR | ${['ae', 'aeLikelihood'].map((v) => `${f(b[k][v]['AUC-PR'])} / ${f(b[k][v]['VUS-PR'])}`).join(' | ')} | ${['zscoreMax', 'zscoreMean', 'pca'].map((v) => `${f(b[k].baselines[v]['AUC-PR'])} / ${f(b[k].baselines[v]['VUS-PR'])}`).join(' | ')} |`,
      );
  if (b.ucr)
    rows.push(
      `| ucr (${b.ucr.entities}) top-1 | ${f(b.ucr.ae.accuracy)} | ${f(b.ucr.aeLikelihood.accuracy)} | diff ${f(b.ucr.baselines.diff.accuracy)} | discord ${f(b.ucr.baselines.discord.accuracy)} | |`,
    );
  if (b.nab) rows.push(`| nab (${b.nab.files}) standard | ${b.nab.ae.standard} | | | | Numenta HTM 69.88 |`);
  return rows.join('\n') + '\n';
}
