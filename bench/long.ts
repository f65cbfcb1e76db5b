// `npm run bench` section "long": training on the windows of a long file in bounded memory.
// `ae train long.csv --window 60 --stride 1 --epochs 1` (2 M rows × 4 metrics by default) beside
// Keras training on the same windows built lazily by keras.utils.timeseries_dataset_from_array
// (the same split: the first 75 % of windows trained on, the rest validated), both measured as
// peak resident memory (VmHWM) and seconds per epoch, in this run.
import { createWriteStream, existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import { createRng } from '../src/data/rng.js';
import { tensorflowEnv } from '../src/model/backend-settings.js';
import { child, work } from './harness.js';

const METRICS = ['cpu', 'mem', 'rate', 'p99'];

/** A seeded long export: daily and shorter cycles with noise, one row a minute. */
async function ensureLongCsv(rows: number, log: (s: string) => void): Promise<string> {
  const file = path.join(work, `long-${rows}.csv`);
  if (existsSync(file)) return file;
  log(`bench: writing ${file}`);
  const tmp = `${file}.tmp`;
  const out = createWriteStream(tmp);
  const rand = createRng(11);
  out.write(METRICS.join(',') + '\n');
  let block = '';
  for (let t = 0; t < rows; t++) {
    const cpu = 50 + 20 * Math.sin((2 * Math.PI * t) / 1440) + 4 * (rand() - 0.5);
    const mem = 1000 + 100 * Math.sin((2 * Math.PI * t) / 720) + 10 * (rand() - 0.5);
    const rate = 200 + 20 * (rand() - 0.5);
    const p99 = 0.3 + 0.05 * Math.sin((2 * Math.PI * t) / 300) + 0.02 * (rand() - 0.5);
    block += `${cpu.toFixed(4)},${mem.toFixed(4)},${rate.toFixed(4)},${p99.toFixed(4)}\n`;
    if (block.length > 1 << 20) {
      if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
      block = '';
    }
  }
  await new Promise<void>((resolve, reject) => out.end(block, () => resolve()).on('error', reject));
  renameSync(tmp, file);
  return file;
}

export interface LongResult {
  rows: number;
  window: number;
  ae: { secondsPerEpoch: number; peakRssMB: number; wallSeconds: number };
  keras?: { secondsPerEpoch: number; peakRssMB: number; windows: number };
}

export async function longBench(o: {
  rows: number;
  python: string | null;
  log: (s: string) => void;
}): Promise<LongResult> {
  const csv = await ensureLongCsv(o.rows, o.log);
  const run = child(
    [
      process.execPath,
      '--import',
      './bench/rss-hook.mjs',
      'bin/ae.js',
      'train',
      csv,
      '--window',
      '60',
      '--stride',
      '1',
      '--epochs',
      '1',
      '--json',
      '--quiet',
      '--force',
      '--out',
      path.join(work, 'long-run'),
    ],
    tensorflowEnv('train'),
  );
  const summary = JSON.parse(run.stdout) as { training: { secondsPerEpoch: number } };
  const result: LongResult = {
    rows: o.rows,
    window: 60,
    ae: {
      secondsPerEpoch: summary.training.secondsPerEpoch,
      peakRssMB: (run.maxRssKb ?? 0) / 1024,
      wallSeconds: run.wall,
    },
  };
  o.log(`long: ae ${result.ae.secondsPerEpoch.toFixed(1)} s/epoch, peak RSS ${result.ae.peakRssMB.toFixed(0)} MB`);
  if (o.python) {
    const k = JSON.parse(child([o.python, 'bench/baselines.py', 'keras-windows', csv, '60'], {}).stdout) as {
      secondsPerEpoch: number;
      maxRssKb: number;
      windows: number;
    };
    result.keras = { secondsPerEpoch: k.secondsPerEpoch, peakRssMB: k.maxRssKb / 1024, windows: k.windows };
    o.log(`long: keras ${k.secondsPerEpoch.toFixed(1)} s/epoch, peak RSS ${(k.maxRssKb / 1024).toFixed(0)} MB`);
  }
  return result;
}
