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
      'for each flagged sample, the k columns (window positions) with the largest error (for the low tail too: its small errors, largest first)',
      num({ int: true, min: 1 }),
    )
    .option('--labels <file>', 'known labels (0/1 lines, or CSV index,label / index,kind): adds metrics')
    .option(
      '--per-row',
      'windows: one record per data row, scored by the window that ends there (null before the first)',
    )
    .option(
      '--likelihood <x>',
      'flag records whose likelihood (how unusual the recent scores are, in [0, 1]) is ≥ x, e.g. 0.9999',
      num({ above: 0, below: 1 }),
    )
    .option(
      '--likelihood-window <n>',
      'scores averaged into the likelihood (default 10 for series, 1 for rows)',
      num({ int: true, min: 1 }),
    )
    .option(
      '--likelihood-clip <k>',
      "the likelihood's history takes each mean at most k σ above its own mean, so no glitch or incident blinds it (default 4; 0: unbounded)",
      num({ min: 0 }),
    )
    .option(
      '--likelihood-adopt <n>',
      'a change that keeps the recent scores above that clip for n records becomes the normal the likelihood judges by (default 0: never)',
      num({ int: true, min: 0 }),
    )
    .option(
      '--gap <n>',
      'flagged records at most n records apart are one incident (default: the window length; rows 0)',
      num({ int: true, min: 0 }),
    )
    .option(
      '--hold <x>',
      'an open incident holds while the likelihood stays ≥ x, e.g. 0.99 (default: off; it ends --gap records after its last flagged one)',
      num({ above: 0, below: 1 }),
    )
    .option(
      '--cooldown <n>',
      'records after an incident in which no new one starts (default 0)',
      num({ int: true, min: 0 }),
    )
    .option(
      '--range-margin <m>',
      'also flag a value beyond everything seen so far by more than m of that range, e.g. 0.05 (off by default)',
      num({ min: 0 }),
    )
    .option(
      '--train-first <n|p%>',
      'without --model: fit on the first n data rows (or p percent), then score every row',
    );
  return withCsvModelOptions(withTrainingOptions(withThresholdOptions(withSampleOptions(cmd))));
}

export type ScanFlags = ReturnType<ReturnType<typeof declareScan>['opts']>;
