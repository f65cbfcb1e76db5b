// `npm run bench`: ae's speed next to baselines measured in this same run on this machine
// (tfjs model.fit, Keras, a plain PyTorch loop, pandas + numpy, papaparse, numpy's GEMM peak).
// Prints the table on stdout and writes the JSON (--out FILE); README's table is made from it
// (`npm run bench -- --readme`).
//   npm run bench -- [--epochs N] [--repeats N] [--mb SIZE] [--out FILE] [--skip train,scan,long,score,short,live] [--long-rows N] [--readme]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { tensorflowEnv } from '../src/model/backend-settings.js';
import { CONFIGS, flopsPerSample } from './configs.js';
import { child, median, python, tsx, work } from './harness.js';
import { ensureModel } from './scan.js';
import { scanBench } from './scan.js';
import { printTable, readmeTable } from './table.js';

const USAGE =
  'npm run bench -- [--epochs N] [--repeats N] [--mb SIZE] [--out FILE] [--skip train,scan,long,score,short,live] [--long-rows N] [--readme]\n' +
  '  sections: train (ae vs tfjs, Keras, PyTorch), scan (vs pandas + numpy), long (windows of a long file vs Keras), score, short, live\n';
const { values: args } = (() => {
  try {
    return parseArgs({
      options: {
        epochs: { type: 'string', default: '10' },
        repeats: { type: 'string', default: '3' },
        mb: { type: 'string', default: '200' },
        out: { type: 'string', default: 'bench/out/bench.json' },
        skip: { type: 'string', default: '' },
        'long-rows': { type: 'string', default: '2000000' },
        readme: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
})();
if (args.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const skip = new Set(args.skip!.split(',').filter(Boolean));
const log = (s: string) => process.stderr.write(s + '\n');
const epochs = Number(args.epochs);
const repeats = Number(args.repeats);

const AE_TRAIN_ENV = tensorflowEnv('train');
const DEFAULT_ENV = { TF_CPP_MIN_LOG_LEVEL: '2' };

const results: Record<string, unknown> = {
  machine: {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  },
  date: new Date().toISOString(),
  epochs,
  repeats,
};
const py = python(log);
if (!py) log('bench: no Python baselines (Keras, PyTorch, pandas, numpy peak) on this machine');

interface TrainRun {
  secondsPerEpoch: number;
  firstEpoch?: number;
  steady?: number;
  loss: number;
}

if (!skip.has('train')) {
  const train: Record<string, unknown> = {};
  for (const config of CONFIGS) {
    const dataFile = path.join(work, `${config}.f32`);
    const shape = JSON.parse(child(tsx('bench/train-child.ts', config, 'data', dataFile), {}).stdout);
    const contenders: Record<string, () => TrainRun> = {
      ae: () => JSON.parse(child(tsx('bench/train-child.ts', config, 'ae', String(epochs)), AE_TRAIN_ENV).stdout),
      eager: () => JSON.parse(child(tsx('bench/train-child.ts', config, 'eager', String(epochs)), AE_TRAIN_ENV).stdout),
      fit: () => JSON.parse(child(tsx('bench/train-child.ts', config, 'fit', String(epochs)), DEFAULT_ENV).stdout),
    };
    const [out, loss] = ['sigmoid', config === 'mnist' ? 'bce' : 'mse'];
    for (const impl of py ? ['keras', 'torch'] : []) {
      const argv = [dataFile, shape.rows, shape.width, shape.layers, out, loss, String(epochs)].map(String);
      contenders[impl] = () => JSON.parse(child([py!, 'bench/baselines.py', impl, ...argv], DEFAULT_ENV).stdout);
    }
    // Timings wander ±20 % here: each contender's median of `repeats` runs, interleaved so that
    // a slow spell hits all of them alike.
    const runs: Record<string, TrainRun[]> = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
    for (let i = 0; i < repeats; i++) for (const [k, run] of Object.entries(contenders)) runs[k]!.push(run());
    const best = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v, (r) => r.secondsPerEpoch)]));
    const ae = best.ae!;
    const entry: Record<string, unknown> = {
      samples: shape.rows,
      layers: shape.layers,
      secondsPerEpoch: Object.fromEntries(Object.entries(best).map(([k, r]) => [k, r.secondsPerEpoch])),
      finalLoss: Object.fromEntries(Object.entries(best).map(([k, r]) => [k, r.loss])),
      aeFirstEpoch: ae.firstEpoch,
      aeSteadyEpoch: ae.steady,
      all: Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, v.map((r) => r.secondsPerEpoch)])),
    };
    if (config === 'mnist') {
      const layers = String(shape.layers).split('-').map(Number);
      const valRows = Math.floor(shape.rows * 0.25);
      const flops = (shape.rows - valRows) * flopsPerSample(layers) + (valRows * flopsPerSample(layers)) / 3;
      entry.gflopsPerSecond = flops / ae.secondsPerEpoch / 1e9;
      entry.gflopsPerSecondSteady = flops / (ae.steady ?? ae.secondsPerEpoch) / 1e9;
    }
    train[config] = entry;
    log(
      `train ${config}: ` +
        Object.entries(best)
          .map(([k, r]) => `${k} ${r.secondsPerEpoch.toFixed(3)} s/epoch (loss ${r.loss.toFixed(4)})`)
          .join(', '),
    );
  }
  results.train = train;
  if (py) {
    // The machine's arithmetic limit: numpy's float32 GEMM on both cores, and on one (ae trains
    // on one intra-op thread: a batch-32 step's matrices are too small to split).
    const oneThread = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const peak = (env: Record<string, string>) =>
      (JSON.parse(child([py, 'bench/baselines.py', 'matmul-peak'], env).stdout) as { gflops: number }).gflops;
    results.matmulPeak = { gflops: peak({}), gflopsOneThread: peak(oneThread) };
    log(`numpy float32 GEMM peak: ${JSON.stringify(results.matmulPeak)} GFLOP/s`);
  }
}

if (!skip.has('scan')) results.scan = await scanBench({ mb: Number(args.mb), repeats, python: py, log });

if (!skip.has('long')) {
  const { longBench } = await import('./long.js');
  results.long = await longBench({ rows: Number(args['long-rows']), python: py, log });
}

if (!skip.has('score')) {
  const score: Record<string, { rowsPerSecond: number; mnistRowsPerSecond: number }> = {};
  for (const backend of ['js', 'tensorflow', 'wasm']) {
    score[backend] = JSON.parse(child(tsx('bench/score-child.ts', backend), tensorflowEnv('score')).stdout);
    log(`score (${backend}): ${Math.round(score[backend]!.rowsPerSecond)} rows/s in memory (series model)`);
  }
  results.score = score;
}

if (!skip.has('short')) {
  const wall = (cmd: string[], n: number) =>
    Array.from({ length: n }, () => child(cmd, {}).wall).sort((a, b) => a - b)[Math.floor(n / 2)]!;
  const model = ensureModel();
  const small = path.join(work, 'scan-100-rows.csv');
  const lines = readFileSync(path.join(work, 'train-small.csv'), 'utf8').split('\n');
  writeFileSync(small, lines.slice(0, 100).join('\n') + '\n');
  results.short = {
    scan100Rows: wall([process.execPath, 'bin/ae.js', 'scan', small, '--model', model, '--json', '--quiet'], 7),
    info: wall([process.execPath, 'bin/ae.js', 'info', '--json'], 5),
    help: wall([process.execPath, 'bin/ae.js', '--help'], 7),
  };
  log(`short commands: ${JSON.stringify(results.short)}`);
}

if (!skip.has('live')) {
  const { liveBench } = await import('./live.js');
  results.live = await liveBench(log);
}

mkdirSync(path.dirname(path.resolve(args.out!)), { recursive: true });
writeFileSync(args.out!, JSON.stringify({ version: 2, ...results }, null, 2) + '\n');
printTable(results);
if (args.readme) process.stdout.write('\n' + readmeTable(results) + '\n');
