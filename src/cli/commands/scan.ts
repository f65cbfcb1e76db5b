// `ae scan <csv>`: score every row (or window) and flag both tails. With --model it streams
// (bounded memory, any file size); without one it fits on the file itself first, treating
// all rows as normal, as the seed write-up does. The work is in scan-run.ts, loaded on use,
// so `ae --help` does not load TensorFlow.
import { Option, type Command } from '@commander-js/extra-typings';
import type { ScalerKind } from '../../data/scalers.js';
import type { OutputActivation } from '../../model/autoencoder.js';
import type { Context } from '../context.js';
import { oneOf } from '../options.js';
import type { CsvFitFlags } from './fitting.js';
import { addSampleOptions, addThresholdOptions, addTrainingOptions, type SampleFlags, type ThresholdFlags } from './shared.js';

export interface ScanFlags extends SampleFlags, ThresholdFlags, CsvFitFlags {
  model?: string;
  json?: boolean;
  ndjson?: boolean;
  out?: string;
  force?: boolean;
  failOnAnomaly?: boolean;
}

const EXAMPLES = `
Examples:
  $ ae scan series.csv --threshold 10 --below 0.1 --json | jq '.counts'
  $ ae scan new.csv --model runs/series --ndjson | jq -c 'select(.flagged)'
  $ ae scan sensor.csv --column value --window 50 --stride 10 --sigma 4 --tail both
  $ zcat big.csv.gz | ae scan - --model runs/series --fail-on-anomaly --quiet`;

export function registerScan(program: Command<[], any, any>, ctx: Context): void {
  let cmd: Command<any, any, any> = program
    .command('scan')
    .description('score rows of a CSV and flag anomalies: too badly (high) or too well (low) reconstructed')
    .argument('<file>', "CSV file (.csv or .csv.gz), or '-' for stdin")
    .option('-m, --model <dir>', 'use a trained bundle (streams; memory does not grow with the file)')
    .option('--json', 'print one JSON document on stdout')
    .option('--ndjson', 'print one JSON line per scored row, as they are scored')
    .option('-o, --out <dir>', 'write scores.csv, flagged.json and plots (and the fitted bundle) here')
    .option('-f, --force', 'replace an existing --out folder')
    .option('--fail-on-anomaly', 'exit with code 3 when anything is flagged');
  cmd = addSampleOptions(cmd);
  cmd = addThresholdOptions(cmd);
  cmd = addTrainingOptions(cmd, { epochs: 100 })
    .addOption(new Option('--scale <kind>', 'preprocessing fitted on the data').argParser(oneOf<ScalerKind>('standard', 'minmax', 'none')).default('standard' as ScalerKind))
    .addOption(new Option('--output-activation <a>', 'sigmoid (seed; separates both tails) or linear').argParser(oneOf<OutputActivation>('sigmoid', 'linear')).default('sigmoid' as OutputActivation));
  cmd.addHelpText('after', EXAMPLES).action(async (...args: any[]) => {
    const [file, opts] = args as [string, unknown];
    const { runScan } = await import('./scan-run.js');
    await runScan(ctx, file, opts as ScanFlags);
  });
}
