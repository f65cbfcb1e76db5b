// `ae scan <csv>`: score every row (or window) and flag both tails. With --model it streams
// (bounded memory, any file size); without one it fits on the file itself first, treating
// all rows as normal, as the seed write-up does. The work is in scan-run.ts, loaded on use,
// so `ae --help` does not load TensorFlow.
import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { declareScan } from './scan-options.js';

const EXAMPLES = `
Examples:
  $ ae scan series.csv --threshold 10 --below 0.1 --json | jq '.counts'
  $ ae scan new.csv --model runs/series --ndjson | jq -c 'select(.flagged)'
  $ ae scan sensor.csv --column value --window 50 --stride 10 --sigma 4 --tail both
  $ zcat big.csv.gz | ae scan - --model runs/series --fail-on-anomaly --quiet

Monitoring metrics (a time column and metrics)? 'ae watch metrics.csv' does it with no flags.`;

export function registerScan(program: Command, ctx: Context): void {
  declareScan(program)
    .addHelpText('after', EXAMPLES)
    .action(async (file, flags, cmd) => {
      const { runScan } = await import('./scan-run.js');
      await runScan(ctx, file, flags, (option) => cmd.getOptionValueSource(option) === 'cli');
    });
}
