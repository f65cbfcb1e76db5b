// `ae train`'s options, in a module of their own so that the implementations (train-csv.ts,
// train-mnist.ts, loaded on use) take their flag types from the declaration.
import { InvalidArgumentError, type Command } from '@commander-js/extra-typings';
import { num } from '../options.js';
import { withCsvModelOptions, withSampleOptions, withThresholdOptions, withTrainingOptions } from './option-groups.js';

const digit = num({ int: true, min: 0, max: 9 });
const digitList = (v: string) => {
  const ds = v.split(',').map((s) => digit(s.trim()));
  if (ds.length === 0) throw new InvalidArgumentError('expected digits, e.g. 7,9.');
  return ds;
};

export function declareTrain(program: Command) {
  const cmd = program
    .command('train')
    .description('train an autoencoder on normal data and save a model bundle and report')
    .argument('<data>', "'mnist', or a CSV file ('-' for stdin)")
    .option('-o, --out <dir>', 'run folder (default: runs/mnist-normal-<d> or runs/<file name>)')
    .option('-f, --force', 'replace an existing run folder')
    .option('--json', 'print a JSON summary on stdout')
    .option(
      '--likelihood <x>',
      'store a rule that flags by likelihood ≥ x (scans with the bundle apply it)',
      num({ above: 0, below: 1 }),
    )
    .option('--digit <d>', 'mnist: the digit treated as normal (--normal is the same)', digit)
    .option('--normal <digit>', 'mnist: the digit treated as normal (as --digit)', digit)
    .option('--anomalies <digits>', 'mnist: anomaly digits (default: all others)', digitList)
    .option(
      '--test-fraction <f>',
      'mnist: share of normal images held out for testing',
      num({ above: 0, max: 0.9 }),
      0.2,
    )
    .option(
      '--idx-dir <dir>',
      'mnist: read the standard IDX files (train-images-idx3-ubyte, …, plain or .gz) from here',
    )
    .option(
      '--labels <file>',
      'CSV: known labels of its rows (0/1 lines, or CSV index,label / index,kind): adds metrics',
    );
  return withCsvModelOptions(withThresholdOptions(withTrainingOptions(withSampleOptions(cmd))));
}

export type TrainFlags = ReturnType<ReturnType<typeof declareTrain>['opts']>;
