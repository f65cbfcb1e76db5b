// `ae scan`'s options, in a module of their own so that the implementation (scan-run.ts,
// loaded on use) can take its flag types from the declaration without importing scan.ts.
import type { Command } from '@commander-js/extra-typings';
import { withCsvModelOptions, withSampleOptions, withThresholdOptions, withTrainingOptions } from './option-groups.js';
import { Option } from '@commander-js/extra-typings';
import { num } from '../options.js';

export function declareScan(program: Command) {
  const cmd = program
    .command('scan')
    .description('score rows of a CSV and flag anomalies: too badly (high) or too well (low) reconstructed')
    .argument('<file>', "CSV file (.csv or .csv.gz), or '-' for stdin")
    .option('-m, --model <dir>', 'use a trained bundle (streams; memory does not grow with the file)')
    .addOption(new Option('--json', 'print one JSON document on stdout').conflicts('ndjson'))
    .option('--ndjson', 'print one JSON line per scored row, as they are scored')
    .option('-o, --out <dir>', 'write scores.csv, flagged.json and plots (and the fitted bundle) here')
    .option('-f, --force', 'replace an existing --out folder')
    .option('--fail-on-anomaly', 'exit with code 3 when anything is flagged')
    .option(
      '--explain <k>',
      'for each flagged sample, the k columns (window positions) with the largest error',
      num({ int: true, min: 1 }),
    )
    .option('--labels <file>', 'known labels (0/1 lines, or CSV index,label / index,kind): adds metrics');
  return withCsvModelOptions(withTrainingOptions(withThresholdOptions(withSampleOptions(cmd))));
}

export type ScanFlags = ReturnType<ReturnType<typeof declareScan>['opts']>;
