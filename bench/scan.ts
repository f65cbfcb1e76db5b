// Scan throughput and memory: `ae scan big.csv --model m --ndjson` with default settings (and
// with the native backend asked for), against pandas.read_csv + a numpy forward pass of the
// same bundle, and a bare papaparse parse; peak RSS on 1/10, 1× and 4× the file.
import {
  appendFileSync,
  createWriteStream,
  existsSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { createNormal, createRng } from '../src/data/rng.js';
import { tensorflowEnv } from '../src/model/backend-settings.js';
import { child, median, work, type ChildRun } from './harness.js';

const AE_ENV = tensorflowEnv('score');

async function ensureCsv(mb: number, log: (s: string) => void): Promise<string> {
  const csv = path.join(work, `scan-${mb}mb.csv`);
  const target = mb * 1e6;
  if (existsSync(csv) && Math.abs(statSync(csv).size - target) <= target * 0.05) return csv;
  log(`writing ${csv} (~${mb} MB)`);
  const rand = createNormal(createRng(3));
  const out = createWriteStream(csv);
  for (let written = 0; written < target;) {
    let chunk = '';
    for (let r = 0; r < 1000; r++)
      chunk +=
        Array.from({ length: 100 }, (_, i) => (Math.sin((2 * Math.PI * i) / 99) + 0.5 * rand()).toFixed(5)).join(',') +
        '\n';
    written += chunk.length;
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  return csv;
}

/** The bundle every scan uses (trained briefly on generated sines), and its training file. */
export function ensureModel(): string {
  const model = path.join(work, 'scan-model');
  if (existsSync(path.join(model, 'ae.json'))) return model;
  const small = path.join(work, 'train-small.csv');
  child([process.execPath, 'bin/ae.js', 'generate', 'sines', '--noisy', '2000', '--out', small, '--force'], AE_ENV);
  child([process.execPath, 'bin/ae.js', 'train', small, '--epochs', '2', '--out', model, '--force', '--quiet'], AE_ENV);
  return model;
}

function variants(csv: string): { tenth: string; quad: string } {
  const tenth = csv.replace(/\.csv$/, '-tenth.csv');
  if (!existsSync(tenth)) {
    const text = readFileSync(csv, 'utf8');
    writeFileSync(tenth, text.slice(0, text.lastIndexOf('\n', Math.floor(text.length / 10)) + 1));
  }
  const quad = csv.replace(/\.csv$/, '-x4.csv');
  if (!existsSync(quad) || statSync(quad).size !== 4 * statSync(csv).size) {
    const tmp = quad + '.tmp';
    writeFileSync(tmp, '');
    for (let i = 0; i < 4; i++) appendFileSync(tmp, readFileSync(csv));
    renameSync(tmp, quad);
  }
  return { tenth, quad };
}

export async function scanBench(o: { mb: number; repeats: number; python: string | null; log: (s: string) => void }) {
  const csv = await ensureCsv(o.mb, o.log);
  const model = ensureModel();
  const mb = statSync(csv).size / 1e6;
  const scan = (mode: string, file: string) =>
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
        ...(mode === 'default' ? [] : ['--backend', mode]),
      ],
      mode === 'default' ? {} : AE_ENV,
      'ignore',
    );
  const modes = ['default', 'tensorflow'];
  const runs: Record<string, ChildRun[]> = { default: [], tensorflow: [] };
  const parses: { rows: number; seconds: number; maxRssKb: number }[] = [];
  const pandas: { rows: number; seconds: number; maxRssKb: number }[] = [];
  for (let i = 0; i < o.repeats; i++) {
    for (const mode of modes) runs[mode]!.push(scan(mode, csv));
    parses.push(JSON.parse(child([process.execPath, 'bench/parse-child.mjs', csv], {}).stdout));
    if (o.python)
      pandas.push(JSON.parse(child([o.python, 'bench/baselines.py', 'pandas-scan', csv, model], {}).stdout));
  }
  const parse = median(parses, (p) => p.seconds);
  const pd = pandas.length ? median(pandas, (p) => p.seconds) : null;
  const { tenth, quad } = variants(csv);
  const byMode: Record<string, unknown> = {};
  for (const mode of modes) {
    const fast = median(runs[mode]!, (r) => r.wall);
    const peak = Math.max(...runs[mode]!.map((r) => r.maxRssKb ?? 0));
    const [small, large] = [scan(mode, tenth), scan(mode, quad)];
    byMode[mode] = {
      seconds: fast.wall,
      MBps: mb / fast.wall,
      rowsPerSecond: parse.rows / fast.wall,
      ratioVsPandas: pd ? pd.seconds / fast.wall : null,
      peakRssMB: peak / 1024,
      tenthFilePeakRssMB: (small.maxRssKb ?? 0) / 1024,
      fourTimesFilePeakRssMB: (large.maxRssKb ?? 0) / 1024,
    };
    o.log(
      `scan (${mode}): ${fast.wall.toFixed(2)} s, ${(mb / fast.wall).toFixed(1)} MB/s, peak RSS ${(peak / 1024).toFixed(0)} MB ` +
        `(1/10: ${((small.maxRssKb ?? 0) / 1024).toFixed(0)}, 4×: ${((large.maxRssKb ?? 0) / 1024).toFixed(0)})`,
    );
  }
  if (pd) o.log(`pandas + numpy: ${pd.seconds.toFixed(2)} s, peak RSS ${(pd.maxRssKb / 1024).toFixed(0)} MB`);
  return {
    fileMB: mb,
    rows: parse.rows,
    papaparseSeconds: parse.seconds,
    pandasNumpy: pd ? { seconds: pd.seconds, peakRssMB: pd.maxRssKb / 1024 } : null,
    modes: byMode,
  };
}
